// Makes the BTF fixtures in tests/fixtures/btf/ (run: node --import tsx scripts/make-btf-fixtures.ts):
//   bad/*.btf (+ .btfext)   hand-made malformed blobs, and bad/expected.json: the error each must give
//   good/*.btf              hand-made valid raw BTF covering what clang 14 never emits (ENUM64, signed
//                           enums, 4-byte longs, name clashes, big-endian...); goldens come from bpftool
//   objects/*.bpf.o         compiled from src/*.bpf.c with the installed clang (-g -O2 -target bpf/bpfeb)
// The expected errors below are written by hand: they are the contract, not a copy of the decoder's output.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BtfBuilder, buildBtfExt } from '../tests/fixtures/btf/builder.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'tests/fixtures/btf');

/** A small valid base: int, struct with two members, pointer, func. Returns the builder and ids. */
function base(): { b: BtfBuilder; int: number; s: number; ptr: number; fn: number } {
  const b = new BtfBuilder();
  const int = b.int('int', 4, 1);
  const s = b.struct('pair', 8, [['a', int, 0], ['b', int, 32]]);
  const ptr = b.ptr(s);
  const proto = b.proto(int, [['p', ptr]]);
  const fn = b.func('use_pair', proto, 1);
  return { b, int, s, ptr, fn };
}

interface Bad { name: string; btf: Uint8Array; ext?: Uint8Array; offset: number; message: string }

function badCases(): Bad[] {
  const out: Bad[] = [];
  const add = (name: string, btf: Uint8Array, offset: number, message: string, ext?: Uint8Array): void => {
    out.push(ext ? { name, btf, ext, offset, message } : { name, btf, offset, message });
  };
  const ok = base().b.build();
  const typeLen = ok.length - 24 - new DataView(ok.buffer).getUint32(20, true);
  const strLen = new DataView(ok.buffer).getUint32(20, true);

  add('empty', new Uint8Array(0), 0, 'shorter than the 24-byte btf_header');
  add('short-header', ok.subarray(0, 10), 0, 'shorter than the 24-byte btf_header');
  add('bad-magic', base().b.build({ hdr: { magic: 0x1234 } }), 0, 'Bad BTF magic');
  add('bad-version', base().b.build({ hdr: { version: 2 } }), 2, 'Unsupported BTF version 2');
  add('bad-flags', base().b.build({ hdr: { flags: 1 } }), 3, 'Unsupported BTF header flags');
  add('hdr-len-small', base().b.build({ hdr: { hdrLen: 16 } }), 4, 'smaller than the 24-byte btf_header');
  add('hdr-len-huge', base().b.build({ hdr: { hdrLen: 4096 } }), 4, 'larger than the whole BTF');
  add('strings-past-end', base().b.build({ hdr: { strLen: strLen + 100 } }), 16, 'ends past the data');
  add('truncated-file', ok.subarray(0, ok.length - 7), 16, 'ends past the data');
  add('types-overlap-strings', base().b.build({ hdr: { typeLen: typeLen + 4 } }), 8, 'runs into the string section');
  add('type-off-unaligned', base().b.build({ hdr: { typeOff: 2, typeLen: 0 } }), 8, 'not 4-byte aligned');
  add('strings-empty', base().b.build({ hdr: { strOff: typeLen, strLen: 0 } }), 24 + typeLen, 'string section is empty');
  {
    const b = base().b;
    b.str('tail');
    const blob = b.build();
    blob[blob.length - 1] = 0x41; // last NUL becomes 'A'
    add('strings-no-final-nul', blob, blob.length - 1, 'does not end with a NUL');
  }
  {
    const blob = base().b.build();
    blob[24 + typeLen] = 0x41;
    add('strings-no-empty-first', blob, 24 + typeLen, 'must start with the empty string');
  }
  {
    // type_len cut by 4: the last record (FUNC, 12 bytes) has only 8 bytes left.
    const { b } = base();
    const blob = b.build({ hdr: { typeLen: typeLen - 4 } });
    add('truncated-type', blob, 24 + typeLen - 12, 'only 8 bytes remain in the type section');
  }
  {
    const b = new BtfBuilder();
    const int = b.int('int', 4, 1);
    const name = b.str('big');
    const m = b.str('m');
    // STRUCT with vlen 65535 but one member's worth of bytes.
    b.raw([name, (4 << 24) | 0xffff, 4, m, int, 0]);
    add('huge-vlen', b.build(), 24 + 16, 'needs 786432 bytes');
  }
  {
    const b = new BtfBuilder();
    b.int('int', 4, 1);
    b.raw([0, 0]);
    add('stray-bytes', b.build(), 24 + 16, 'only 8 bytes remain in the type section');
  }
  {
    const b = new BtfBuilder();
    b.int('int', 4, 1);
    b.raw([b.str('x'), 25 << 24, 0]);
    add('unknown-kind', b.build(), 24 + 16 + 4, 'unknown kind 25');
  }
  {
    const b = new BtfBuilder();
    b.raw([9999, 1 << 24, 4, 32]);
    add('name-off-out-of-range', b.build(), 24, 'name offset 9999');
  }
  {
    const b = new BtfBuilder();
    const int = b.int('int', 4, 1);
    b.raw([b.str('s'), (4 << 24) | 1, 4, 7777, int, 0]);
    add('member-name-out-of-range', b.build(), 24 + 16 + 12, 'Member 0 of type [2] has name offset 7777');
  }
  {
    const b = new BtfBuilder();
    b.int('int', 4, 1);
    b.ptr(99);
    add('type-id-out-of-range', b.build(), 24 + 16 + 8, 'refers to type id 99, but the last type is [2]');
  }
  {
    const b = new BtfBuilder();
    const int = b.int('int', 4, 1);
    b.struct('s', 8, [['a', int, 0], ['b', 1234, 32]]);
    add('member-type-out-of-range', b.build(), 24 + 16 + 12 + 12 + 4, 'refers to type id 1234');
  }
  {
    const b = new BtfBuilder();
    b.const(2); // [1] const -> [2]
    b.volatile(1); // [2] volatile -> [1]
    add('modifier-loop', b.build(), 24, 'Type reference loop with no struct or union');
  }
  {
    const b = new BtfBuilder();
    b.ptr(1);
    add('self-pointer', b.build(), 24, 'Type reference loop with no struct or union');
  }
  {
    const b = new BtfBuilder();
    b.int('int', 4, 1);
    b.typedef('a_t', 3);
    b.typedef('b_t', 2);
    add('typedef-loop', b.build(), 24 + 16, 'Type reference loop');
  }
  {
    const b = new BtfBuilder();
    b.struct('s', 4, [['x', 1, 0]]);
    add('struct-contains-itself', b.build(), 24, 'contains itself by value');
  }
  {
    const b = new BtfBuilder();
    const int = b.int('int', 4, 1);
    b.struct('s', 8, [['arr', 3, 0]]); // [2]
    b.array(2, int, 2); // [3] s[2]
    add('struct-array-of-itself', b.build(), 24 + 16, 'contains itself by value');
  }
  {
    const { b, s } = base();
    b.declTag('tag', s, 5);
    add('decl-tag-bad-component', b.build(), 24 + typeLen + 12, 'has only 2 members/parameters');
  }
  {
    const { b } = base();
    const blob = b.build({ bigEndian: true, hdr: { typeLen: typeLen - 4 } });
    add('be-truncated-type', blob, 24 + typeLen - 12, 'only 8 bytes remain in the type section');
  }

  // .BTF.ext against a valid base (func [5] use_pair, struct [2] pair).
  const extCase = (name: string, make: (b: BtfBuilder) => Uint8Array, offset: number, message: string, mutate?: (ext: Uint8Array) => void): void => {
    const { b } = base();
    const ext = make(b);
    mutate?.(ext);
    add(name, b.build(), offset, message, ext);
  };
  extCase('ext-bad-magic', (b) => buildBtfExt(b, { funcInfo: [{ sec: 'xdp', records: [[0, 5]] }] }), 0, 'Bad .BTF.ext magic', (e) => { e[0] = 0; });
  extCase('ext-area-past-end', (b) => buildBtfExt(b, { funcInfo: [{ sec: 'xdp', records: [[0, 5]] }] }), 32, 'runs past the end', (e) => { new DataView(e.buffer).setUint32(12, 400, true); });
  extCase('ext-num-info-zero', (b) => buildBtfExt(b, { funcInfo: [{ sec: 'xdp', records: [] }] }), 40, 'num_info 0');
  extCase('ext-bad-rec-size', (b) => buildBtfExt(b, { lineInfo: [{ sec: 'xdp', records: [[0, 0, 0, 0]] }] }, { recSize: 12 }), 32, 'record size 12 is invalid');
  extCase('ext-too-many-records', (b) => buildBtfExt(b, { funcInfo: [{ sec: 'xdp', records: [[0, 5]] }] }), 40, 'claims 9 records', (e) => { new DataView(e.buffer).setUint32(40, 9, true); });
  extCase('ext-func-info-not-func', (b) => buildBtfExt(b, { funcInfo: [{ sec: 'xdp', records: [[0, 2]] }] }), 48, 'not a BTF_KIND_FUNC');
  extCase('ext-insn-off-unaligned', (b) => buildBtfExt(b, { funcInfo: [{ sec: 'xdp', records: [[4, 5]] }] }), 44, 'not a multiple of the 8-byte instruction size');
  extCase('ext-core-unknown-kind', (b) => buildBtfExt(b, { coreRelo: [{ sec: 'xdp', records: [[0, 2, b.str('0:1'), 42]] }] }), 56, 'unknown kind 42');
  extCase('ext-core-bad-member', (b) => buildBtfExt(b, { coreRelo: [{ sec: 'xdp', records: [[0, 2, b.str('0:7'), 0]] }] }), 52, 'asks for member 7 of [2], which has 2');
  extCase('ext-core-type-access-not-zero', (b) => buildBtfExt(b, { coreRelo: [{ sec: 'xdp', records: [[8, 2, b.str('0:1'), 8]] }] }), 52, "must be '0'");
  extCase('ext-line-string-out-of-range', (b) => buildBtfExt(b, { lineInfo: [{ sec: 'xdp', records: [[0, 5000, 0, 1 << 10]] }] }), 48, 'string offset 5000');
  return out;
}

/** Valid hand-made BTF covering kinds and quirks clang 14 does not produce; bpftool makes their goldens. */
function goodCases(): Record<string, Uint8Array> {
  const make = (longSize: number, bigEndian: boolean): Uint8Array => {
    const b = new BtfBuilder();
    const int = b.int('int', 4, 1);
    const uint = b.int('unsigned int', 4, 0);
    const long = b.int('long int', longSize, 1);
    const char = b.int('char', 1, 2 | 1); // CHAR|SIGNED: bpftool prints UNKN
    const bool = b.int('_Bool', 1, 4);
    b.int('__Poly8_t', 1, 0);
    b.int('odd', 4, 0, 12, 4); // bits_offset 4, 12 bits
    const flt = b.float('double', 8);
    const e64u = b.enum64('big', 8, [['BIG_A', 1n], ['BIG_B', 0xfedcba9876543210n]]);
    const e64s = b.enum64('sbig', 8, [['SB_NEG', -5n], ['SB_MIN', -(1n << 63n)]], true);
    const e64small = b.enum64('fits', 8, [['F1', 1n], ['F2', 2n]]);
    const es = b.enum('sign', 4, [['NEG', -1], ['POS', 7]], true);
    const e1 = b.enum('tiny', 1, [['T0', 0], ['T1', 255]]);
    const e8 = b.enum('wide', 8, [['W0', 0]]);
    b.enum('', 4, [['TOP_LEVEL_A', 1], ['TOP_LEVEL_B', 2]]); // anonymous, unreferenced: top level
    const eDup = b.enum('', 4, [['NEG', 3]]); // enumerator name clash with `sign`
    b.enum('empty_enum', 4, []);
    const fwdS = b.fwd('opaque');
    const fwdU = b.fwd('opaque_u', true);
    const s1 = b.struct('dup', 4, [['x', int, 0]]);
    const s2 = b.struct('dup', 8, [['y', long, 0]]);
    const td1 = b.typedef('td', int);
    const td2 = b.typedef('td', long);
    const vaList = b.typedef('__builtin_va_list', b.ptr(char));
    const gnuc = b.typedef('__gnuc_va_list', 0);
    const pOpaque = b.ptr(fwdS);
    const pOpaqueU = b.ptr(fwdU);
    const arr3 = b.array(int, uint, 3);
    const tagged = b.typeTag('user', int);
    const pTagged = b.ptr(tagged);
    const cInt = b.const(int);
    const vcInt = b.volatile(cInt);
    const rP = b.restrict(b.ptr(vcInt));
    const pad = b.struct('padding_only', 16, []);
    const holder = b.struct('holder', 64, [
      ['d1', s1, 0], ['d2', s2, 64], ['t1', td1, 128], ['t2', td2, longSize === 8 ? 192 : 160],
      ['e', es, 256], ['small', e1, 288], ['w', e8, 320], ['bg', e64u, 384],
    ]);
    const bits = b.struct('bits', 16, [['a', uint, 0, 3], ['b', uint, 3, 29], ['c', long, 64, 7], ['f', bool, 96, 1]]);
    const all = b.struct('all', 128, [
      ['h', holder, 0], ['b', bits, 512], ['po', pOpaque, 640], ['pu', pOpaqueU, 704], ['arr', arr3, 768],
      ['pt', pTagged, 896], ['rp', rP, 960], ['sb', e64s, 1024], ['fl', flt, 512 + 64 * 4], ['fits', e64small, 1024 - 64],
      ['dupe', eDup, 1024 - 96], ['va', vaList, 1024 - 160], ['pad', pad, 1024 - 128 - 64],
    ]);
    void all;
    void gnuc;
    const proto = b.proto(int, [['x', int], ['', 0]]);
    const fStatic = b.func('f_static', proto, 0);
    b.func('f_global', proto, 1);
    b.func('f_extern', proto, 2);
    b.func('f_weird', proto, 7);
    b.declTag('decl', fStatic, 0);
    b.declTag('whole', holder, -1);
    const vS = b.var('v_static', int, 0);
    const vG = b.var('v_global', holder, 1);
    const vE = b.var('v_extern', int, 2);
    b.var('v_weird', int, 9);
    b.datasec('.data', 72, [[vS, 0, 4], [vG, 8, 64], [vE, 0, 0], [0, 0, 0]]);
    return b.build({ bigEndian });
  };
  return { 'kinds-le-long8.btf': make(8, false), 'kinds-be-long4.btf': make(4, true) };
}

function writeAll(): void {
  const badDir = join(dir, 'bad');
  const goodDir = join(dir, 'good');
  for (const d of [badDir, goodDir]) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
  }
  const expected: Record<string, { btfext?: string; offset: number; message: string }> = {};
  for (const c of badCases()) {
    writeFileSync(join(badDir, `${c.name}.btf`), c.btf);
    if (c.ext) writeFileSync(join(badDir, `${c.name}.btfext`), c.ext);
    expected[c.name] = c.ext ? { btfext: `${c.name}.btfext`, offset: c.offset, message: c.message } : { offset: c.offset, message: c.message };
  }
  writeFileSync(join(badDir, 'expected.json'), `${JSON.stringify(expected, Object.keys(expected).sort().concat(['btfext', 'offset', 'message']), 2)}\n`);
  for (const [name, blob] of Object.entries(goodCases())) writeFileSync(join(goodDir, name), blob);
  console.log(`make-btf-fixtures: ${Object.keys(expected).length} bad, ${Object.keys(goodCases()).length} good blobs`);
}

/** Compiles src/*.bpf.c (core.bpf.c against a vmlinux.h dumped from this machine's kernel). */
function compileObjects(): void {
  const srcDir = join(dir, 'src');
  const objDir = join(dir, 'objects');
  mkdirSync(objDir, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'btf-fixtures-'));
  try {
    let haveVmlinux = false;
    try {
      const h = execFileSync('bpftool', ['btf', 'dump', 'file', '/sys/kernel/btf/vmlinux', 'format', 'c'], { maxBuffer: 1 << 28 });
      writeFileSync(join(tmp, 'vmlinux.h'), h);
      haveVmlinux = true;
    } catch {
      console.warn('make-btf-fixtures: no vmlinux.h (bpftool or /sys/kernel/btf/vmlinux missing); core.bpf.c skipped');
    }
    for (const f of readdirSync(srcDir).filter((n) => n.endsWith('.bpf.c')).sort()) {
      const stem = f.slice(0, -'.bpf.c'.length);
      if (stem === 'core' && !haveVmlinux) continue;
      for (const [target, suffix] of [['bpf', ''], ['bpfeb', '-eb']] as const) {
        if (stem === 'core' && target === 'bpfeb') continue; // vmlinux.h is little-endian x86 layout
        const out = join(objDir, `${stem}${suffix}.bpf.o`);
        execFileSync('clang', ['-g', '-O2', '-target', target, '-D__TARGET_ARCH_x86', '-I', tmp, '-c', join(srcDir, f), '-o', out], { stdio: 'inherit' });
      }
    }
    // An object without BTF (no -g), for the "no .BTF section" error; kept out of objects/ (no golden).
    execFileSync('clang', ['-O2', '-target', 'bpf', '-c', join(srcDir, 'layout.bpf.c'), '-o', join(dir, 'bad', 'no-btf.bpf.o')], { stdio: 'inherit' });
    const clang = execFileSync('clang', ['--version']).toString().split('\n')[0];
    writeFileSync(join(objDir, 'BUILT_WITH.txt'), `${clang}\nclang -g -O2 -target bpf|bpfeb -D__TARGET_ARCH_x86 -c src/<name>.bpf.c\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

writeAll();
if (!process.argv.includes('--no-compile')) compileObjects();
