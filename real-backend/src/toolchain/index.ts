// The agent's toolchain stage: the seed's build commands run for real (clang, bpftool, cc), recorded step by
// step, cached by content hash, with compiler diagnostics as editor markers. The content build
// (scripts/build-content) runs the same steps through the same runner.
export { buildSource, DEFAULT_BUILD_LIMITS, type BuildSourceInput, type BuildOptions, type BuildLimits, type BuildEvent, type BuildResult, type BuildFailure, type BuildStepFailure, type BuildDiagnostic, type EnvironmentFailure, type Artifact } from './pipeline.ts';
export { runStep, sha256, sha256File, SAFE_PATH, DEFAULT_STEP_LIMITS, type StepSpec, type StepLimits, type RunOptions, type StepFailure, type StepFailureReason } from './run-step.ts';
export type { StepRecord, StepOutput, StepProgress, OnProgress } from './step-record.ts';
export { parseDiagnostics, markersFor, SEVERITIES, type Diagnostic, type Severity, type IncludeSite, type EditorMarker } from './diagnostics.ts';
export { detectTools, requireTools, parseToolVersion, findOnPath, missingToolMessage, TOOL_TABLE, TOOL_NAMES, type ToolName, type ToolInfo, type ToolMissing, type ToolSet, type ToolStatus } from './tools.ts';
export { parseBuildRequest, validateName, nameFromBpfFile, checkSourceText, NAME_PATTERN, BPF_FILE_PATTERN, DEFAULT_MAX_SOURCE_BYTES, type BuildRequest, type InvalidRequest } from './validate.ts';
export { pipelineSteps, vmlinuxStep, bpfObjectPaths, BPF_CFLAGS, MCPU_VALUES, VMLINUX_BTF, type Mcpu, type PipelinePlan } from './steps.ts';
export { ensureVmlinux, type VmlinuxHeader } from './vmlinux.ts';
export { defaultCacheDir, cacheKey, CACHE_FORMAT } from './cache.ts';
