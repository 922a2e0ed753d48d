// Public surface of the ELF reader (see types.ts for the decoded layer, wire.ts for the raw records).
export type { ElfError, ElfFile, ElfHeader, ElfRelocation, ElfRelocationSection, ElfSection, ElfSymbol, ElfSymbolTable } from './types.ts';
export { readElf, sectionData, sectionByName, isExecutableSection, symbolsInSection } from './read.ts';
export { describeFile } from './describe.ts';
export { EM, ET, R_BPF, SHF, SHN, SHT, STB, STT, STV, relocationTypeName, machineProse } from './constants.ts';
export type { RBpfName, ShfName, ShtName } from './constants.ts';
export { summarizeElf } from './summary.ts';
export type { DataSection, DataSectionKind, DataVariable, ElfSummary, ProgramFunction, ProgramSection } from './summary.ts';
