// From strace syntax nodes to TraceEvent argument values (schema.ts ArgValue conventions), field by field:
//   map_type=BPF_MAP_TYPE_ARRAY → "BPF_MAP_TYPE_ARRAY"   key_size=4 → 4        imm=0xa0 → 160 (imm is hex in strace)
//   key=0x7fff74eade1c → "0x7fff74eade1c" (pointer)       license="GPL" → "GPL"  btf="\237\353"... → "\x9f\xeb…"
//   type=0x6 /* PERF_TYPE_??? */ → 6 (no name)            info_len=88 => 80 → 88, and 80 at the same path in `out`
// A value whose comment is not one strace derives from the value alone is kept verbatim ("1 /* odd */"), so
// printing gives the same text back. Models strace 6.1; fields it does not know read back as their text.
import type { ArgValue } from './schema.ts';
import { isHexField, isStringField, PRECISE_IP_COMMENT, unknownNameComment, type Siblings } from './strace-fields.ts';
import { TRUNCATED } from './strace-string.ts';
import { nodeText, type StraceNode } from './strace-value.ts';

export interface Converted {
  value: ArgValue;
  /** What the kernel wrote back ("=> new"), mirroring the value's shape; absent when nothing changed. */
  out?: ArgValue;
}

/** Warnings collected while converting (a quoted string where strace prints no string, a change inside an array). */
export type Warn = (why: string) => void;

const DECIMAL = /^-?\d+$/;
const HEX = /^0x[0-9a-f]+$/;

/** Integers that fit a double exactly stay numbers; wider ones travel as decimal strings (schema convention). */
export function intValue(text: string): number | string {
  const big = BigInt(text);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big.toString();
}

function bareValue(text: string, field: string, siblings: Siblings): ArgValue {
  if (DECIMAL.test(text)) return intValue(text);
  if (HEX.test(text) && isHexField(field, siblings)) return intValue(text);
  return text; // names, flag sets, pointers ("0x7ffd…"), NULL, expressions: as printed
}

/** The bare text of each field, enough for the formats that depend on a sibling (perf_event_attr.type). */
function siblingTexts(node: Extract<StraceNode, { kind: 'struct' }>): Siblings {
  const out: Record<string, unknown> = {};
  for (const f of node.fields) {
    if (f.name === null) continue;
    let v = f.value;
    while (v.kind === 'changed' || v.kind === 'commented') v = v.kind === 'changed' ? v.before : v.value;
    out[f.name] = v.kind === 'bare' ? v.text : true;
  }
  return out;
}

function commented(node: Extract<StraceNode, { kind: 'commented' }>, field: string, siblings: Siblings): ArgValue {
  const inner = node.value;
  if (inner.kind === 'bare') {
    const n = DECIMAL.test(inner.text) ? Number(inner.text) : HEX.test(inner.text) ? parseInt(inner.text, 16) : null;
    if (n !== null && field === 'precise_ip' && PRECISE_IP_COMMENT[n] === node.comment && DECIMAL.test(inner.text)) return n;
    // %#x prints zero as "0", any other value as "0x…".
    const hexPrinted = HEX.test(inner.text) || inner.text === '0';
    if (n !== null && hexPrinted && unknownNameComment(field, siblings) === node.comment) return n;
  }
  return nodeText(node);
}

/** Converts one field's node. `field` names the field (or positional argument) for format decisions. */
export function convertNode(node: StraceNode, field: string, siblings: Siblings, warn: Warn): Converted {
  switch (node.kind) {
    case 'bare':
      return { value: bareValue(node.text, field, siblings) };
    case 'str':
      if (!isStringField(field)) warn(`field ${field} holds a quoted string strace prints for no known string field`);
      return { value: node.bytes };
    case 'more':
      return { value: TRUNCATED };
    case 'commented':
      return { value: commented(node, field, siblings) };
    case 'changed': {
      const before = convertNode(node.before, field, siblings, warn);
      const after = convertNode(node.after, field, siblings, warn);
      return { value: before.value, out: after.value };
    }
    case 'array': {
      const items = node.items.map((it) => {
        const c = convertNode(it, field, siblings, warn);
        if (c.out !== undefined) warn(`a changed value inside array ${field} is kept with its entry value only`);
        return c.value;
      });
      return { value: items };
    }
    case 'struct': {
      const sib = siblingTexts(node);
      const value: Record<string, ArgValue> = {};
      const out: Record<string, ArgValue> = {};
      node.fields.forEach((f, idx) => {
        const key = f.name ?? (f.value.kind === 'more' ? TRUNCATED : `#${idx}`);
        const c = convertNode(f.value, key, sib, warn);
        value[key] = c.value;
        if (c.out !== undefined) out[key] = c.out;
      });
      return Object.keys(out).length > 0 ? { value, out } : { value };
    }
  }
}
