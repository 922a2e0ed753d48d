// CO-RE, part 3: write the computed value into the instruction, as libbpf 1.1's bpf_core_patch_insn does:
//   ALU/ALU64 with an immediate → imm;  LDX/ST/STX → off (and the access size when the field's size changed);
//   ld_imm64 → the 64-bit immediate.  The instruction must hold the local value first (when it is checked).
// Poisoning replaces the instruction (both slots of an ld_imm64) with `call 0xbad2310`.
import { BPF_INSN_CODE as C } from '@bpflc/sim/abi/uapi.gen';
import { err, ok, type Result } from '@bpflc/sim/result';
import type { CoreResult } from './core-calc.ts';
import { code, imm, imm64, isLdImm64, off, setCode, setImm, setOff, setRegs, src } from './insn-buf.ts';

/** The helper id libbpf writes into a poisoned instruction: 0xbad2310, "bad relo". */
export const POISON_HELPER_ID = 195896080;

const SIZE_BYTES: Readonly<Record<number, number>> = { [C.BPF_B]: 1, [C.BPF_H]: 2, [C.BPF_W]: 4, [C.BPF_DW]: 8 };
const BYTES_SIZE: Readonly<Record<number, number>> = { 1: C.BPF_B, 2: C.BPF_H, 4: C.BPF_W, 8: C.BPF_DW };

function poisonSlot(b: Buffer, slot: number): void {
  setCode(b, slot, C.BPF_JMP | C.BPF_CALL);
  setRegs(b, slot, 0, 0);
  setOff(b, slot, 0);
  setImm(b, slot, POISON_HELPER_ID);
}

export function poisonInsn(b: Buffer, slot: number): void {
  // The second slot too, so that the verifier does not stop at "unknown opcode 00" instead.
  if (isLdImm64(b, slot)) poisonSlot(b, slot + 1);
  poisonSlot(b, slot);
}

/** Patches `b` at `slot`; returns a short description of the change or a sentence why it cannot be done. */
export function patchInsn(b: Buffer, slot: number, res: CoreResult): Result<string, string> {
  if (res.poison) {
    poisonInsn(b, slot);
    return ok(`poisoned: call ${POISON_HELPER_ID} (0xbad2310)`);
  }
  const c = code(b, slot);
  const cls = c & 0x07;
  const nv = res.newVal;
  switch (cls) {
    case C.BPF_ALU:
    case C.BPF_ALU64: {
      if ((c & 0x08) !== C.BPF_K) return err(`insn ${slot} is an ALU instruction with a register source; CO-RE patches immediates only`);
      const was = imm(b, slot);
      if (res.validate && BigInt.asUintN(64, BigInt(was)) !== res.origVal) return err(`insn ${slot} (ALU) holds imm ${was}, expected the compiler's ${res.origVal}`);
      setImm(b, slot, Number(BigInt.asIntN(32, nv)));
      return ok(`imm ${was} → ${nv}`);
    }
    case C.BPF_LDX:
    case C.BPF_ST:
    case C.BPF_STX: {
      const was = off(b, slot);
      if (res.validate && BigInt(was) !== res.origVal) return err(`insn ${slot} (LDX/ST/STX) holds off ${was}, expected the compiler's ${res.origVal}`);
      if (nv > 32767n) return err(`insn ${slot}: offset ${nv} does not fit the 16-bit off field`);
      if (res.failMemszAdjust) {
        poisonInsn(b, slot);
        return ok(`poisoned: the field's size changed (${res.origSz} → ${res.newSz} bytes) and it is neither a pointer nor an unsigned int`);
      }
      setOff(b, slot, Number(nv));
      let text = `off ${was} → ${nv}`;
      if (res.newSz !== res.origSz) {
        const size = c & 0x18;
        if (SIZE_BYTES[size] !== res.origSz) return err(`insn ${slot} accesses ${SIZE_BYTES[size]} bytes, expected ${res.origSz}`);
        const ns = BYTES_SIZE[res.newSz];
        if (ns === undefined) return err(`insn ${slot}: no load/store of ${res.newSz} bytes`);
        setCode(b, slot, (c & 0xe0) | ns | cls);
        text += `, size ${res.origSz} → ${res.newSz} bytes`;
      }
      return ok(text);
    }
    case C.BPF_LD: {
      if (!isLdImm64(b, slot) || src(b, slot) !== 0 || off(b, slot) !== 0 || b[slot * 8 + 8] !== 0 || b[slot * 8 + 9] !== 0 || off(b, slot + 1) !== 0) {
        return err(`insn ${slot} is not a plain ld_imm64`);
      }
      const was = imm64(b, slot);
      if (res.validate && was !== res.origVal) return err(`insn ${slot} (ld_imm64) holds ${was}, expected the compiler's ${res.origVal}`);
      const v = BigInt.asUintN(64, nv);
      b.writeUInt32LE(Number(v & 0xffffffffn), slot * 8 + 4);
      b.writeUInt32LE(Number(v >> 32n), slot * 8 + 12);
      return ok(`imm64 ${was} → ${v}`);
    }
    default:
      return err(`insn ${slot} (code 0x${c.toString(16)}) is not an instruction CO-RE can relocate`);
  }
}
