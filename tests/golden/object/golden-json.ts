// The golden form of an ObjectSpec: objectSpecToJson with keys sorted at every level, two-space indent and a
// final newline, so a regenerated file differs from the committed one only where the reader changed.
import { objectSpecToJson, type Json, type ObjectError, type ObjectSpec, type Result } from '@bpflc/sim';

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]!);
    return out;
  }
  return v;
}

/** A spec, or the reader's refusal (step, offset, sentence, the libbpf error it predicts, earlier warnings). */
export function goldenText(r: Result<ObjectSpec, ObjectError>): string {
  const json: Json = r.ok
    ? objectSpecToJson(r.value)
    : {
        error: {
          step: r.error.step, offset: r.error.offset, message: r.error.message, libbpfErrno: r.error.libbpfErrno,
          warnings: (r.error.warnings ?? []).map((w) => ({ ...w })),
        },
      };
  return `${JSON.stringify(sortKeys(json), null, 2)}\n`;
}
