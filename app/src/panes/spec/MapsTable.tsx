// The maps libbpf will create (ObjectSpec.maps): libbpf name, kind, type, sizes, flags by name, initial bytes.
import type { MapView } from '../../worker/internals.ts';
import { asciiPreview, bytesPreview } from './format-spec.ts';

const KIND_NOTE: Record<MapView['kind'], string> = {
  'btf-defined': 'a SEC(".maps") variable',
  legacy: 'a struct bpf_map_def in SEC("maps")',
  'global-data': 'global variables: one array map of one element',
  kconfig: 'CONFIG_* values libbpf fills in',
};

export function MapsTable({ maps }: { maps: readonly MapView[] }) {
  return (
    <table className="table table--auto" data-testid="maps-table">
      <thead>
        <tr>
          <th>libbpf name</th>
          <th>Kind</th>
          <th>Type</th>
          <th className="num">Key</th>
          <th className="num">Value</th>
          <th className="num">max_entries</th>
          <th>Flags</th>
          <th>Section</th>
          <th>Initial value</th>
        </tr>
      </thead>
      <tbody>
        {maps.map((m) => (
          <tr key={m.name} data-map={m.name}>
            <td className="mono strong" title={m.name.length > 15 ? `the kernel keeps "${m.name.slice(0, 15)}"` : undefined}>{m.name}</td>
            <td title={KIND_NOTE[m.kind]}>{m.kind}</td>
            <td className="mono" data-testid="map-type">{m.type ?? `type ${m.typeValue}`}</td>
            <td className="num">{m.keySize}</td>
            <td className="num">{m.valueSize}</td>
            <td className="num" title={m.declaredMaxEntries !== undefined ? `declared ${m.declaredMaxEntries}, rounded by libbpf` : undefined}>
              {m.maxEntries}
              {m.maxEntries === 0 && m.type === 'BPF_MAP_TYPE_PERF_EVENT_ARRAY' && <span className="muted small"> → one per CPU at create</span>}
            </td>
            <td className="mono">{m.flagNames.length ? m.flagNames.join(' | ') : <span className="muted">0</span>}{m.freezeAfterLoad && <span className="chip" title="BPF_MAP_FREEZE after the contents are written">frozen</span>}</td>
            <td className="mono">{m.section}</td>
            <td className="mono small">
              {m.initialValue ? (
                <span title={asciiPreview(m.initialValue, 256)}>
                  {bytesPreview(m.initialValue)} <span className="muted">|{asciiPreview(m.initialValue)}|</span>
                </span>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
