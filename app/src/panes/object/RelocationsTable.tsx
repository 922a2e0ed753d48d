// Relocations per relocation section: where (byte offset → instruction index), which symbol, which target section.
// A row against a code section is a link: it opens the Bytecode tab at that instruction.
import type { ElfRelocation, ElfRelocationSection, ElfSection } from '@bpflc/sim';
import { hex } from '../../components/format.ts';
import { useDispatch } from '../../store/Store.tsx';
import { Empty } from '../../components/Status.tsx';

const SHF_EXECINSTR = 0x4n;

/** What a relocation asks the loader (libbpf) to do, in one phrase. */
function relocNote(r: ElfRelocation): string {
  const sec = r.symbol?.sectionName ?? '';
  if (r.typeName === 'R_BPF_64_64') {
    if (sec === '.maps' || sec === 'maps') return `ld_imm64: libbpf puts in the fd of map ${r.symbol?.name}`;
    if (/^\.(bss|data|rodata)/.test(sec)) return `ld_imm64: libbpf puts in the fd of the ${sec} map (global data), offset in imm`;
    if (sec === 'SHN_UNDEF') return 'ld_imm64: an extern (ksym/kconfig) libbpf resolves at load';
  }
  return RELOC_NOTE[r.typeName] ?? '';
}

const RELOC_NOTE: Record<string, string> = {
  R_BPF_64_64: 'ld_imm64: patch in a map fd or a global-data address',
  R_BPF_64_32: 'call: the target subprogram, as an instruction offset',
  R_BPF_64_ABS64: '64-bit absolute address (data / BTF)',
  R_BPF_64_ABS32: '32-bit absolute address (DWARF / BTF)',
  R_BPF_64_NODYLD32: '32-bit offset for BTF.ext line/func info',
};

export function RelocationsTable({ relocs, sections }: { relocs: readonly ElfRelocationSection[]; sections: readonly ElfSection[] }) {
  const dispatch = useDispatch();
  if (relocs.length === 0) return <Empty>This object has no relocation sections.</Empty>;
  return (
    <div data-testid="relocations">
      {relocs.map((rs) => {
        const target = sections[rs.targetSectionIndex];
        const isCode = target !== undefined && (target.flags & SHF_EXECINSTR) !== 0n;
        return (
          <section key={rs.sectionIndex} className="reloc-group">
            <h4>
              <span className="mono">{rs.name}</span> → <span className="mono">{rs.targetName}</span>{' '}
              <span className="count">{rs.relocations.length} entries{isCode ? ' · click a row to see the instruction' : ''}</span>
            </h4>
            <table className="table table--auto">
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th className="num">Offset</th>
                  {isCode && <th className="num" title="Instruction index: the 8-byte slot, offset / 8">Slot</th>}
                  <th>Type</th>
                  <th>Symbol</th>
                  <th>Symbol's section</th>
                  <th>Meaning</th>
                </tr>
              </thead>
              <tbody>
                {rs.relocations.map((r) => {
                  const insn = Number(r.offset / 8n);
                  const jump = () => dispatch({ kind: 'jump-to-insn', focus: { section: rs.targetName, index: insn } });
                  return (
                    <tr
                      key={r.index}
                      className={isCode ? 'is-link' : undefined}
                      data-reloc-insn={isCode ? insn : undefined}
                      tabIndex={isCode ? 0 : undefined}
                      onClick={isCode ? jump : undefined}
                      onKeyDown={isCode ? (e) => e.key === 'Enter' && jump() : undefined}
                      title={isCode ? `Open instruction ${insn} of ${rs.targetName} in the Bytecode tab` : undefined}
                    >
                      <td className="num">{r.index}</td>
                      <td className="num mono">{hex(r.offset, 4)}</td>
                      {isCode && <td className="num mono strong">{insn}</td>}
                      <td className="mono">{r.typeName}</td>
                      <td className="mono strong">{r.symbol?.name || (r.symbol ? <span className="muted">(section {r.symbol.sectionName})</span> : '—')}</td>
                      <td className="mono">{r.symbol?.sectionName ?? '—'}</td>
                      <td className="note">{relocNote(r)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        );
      })}
    </div>
  );
}
