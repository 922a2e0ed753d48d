// union bpf_attr, one layout per bpf(2) command the door issues (the layouts and their ASCII diagrams live in
// bpf-attr/*.ts). The sizes are what each call passes as bpf()'s third argument.
import type { BpfCmd } from '@bpflc/sim/abi/uapi.gen';
import { BTF_LOAD_ATTR } from './bpf-attr/btf.ts';
import { LINK_CREATE_ATTR, RAW_TRACEPOINT_OPEN_ATTR } from './bpf-attr/link.ts';
import { MAP_CREATE_ATTR, MAP_DELETE_ATTR, MAP_ELEM_ATTR, MAP_FREEZE_ATTR, MAP_NEXT_KEY_ATTR } from './bpf-attr/map.ts';
import { GET_FD_BY_ID_ATTR, OBJ_GET_INFO_ATTR, OBJ_PIN_ATTR } from './bpf-attr/obj.ts';
import { PROG_LOAD_ATTR } from './bpf-attr/prog.ts';
import type { StructLayout } from './struct-layout.ts';

export const BPF_ATTR_LAYOUTS: Partial<Record<BpfCmd, StructLayout>> = {
  BPF_MAP_CREATE: MAP_CREATE_ATTR,
  BPF_MAP_LOOKUP_ELEM: MAP_ELEM_ATTR,
  BPF_MAP_UPDATE_ELEM: MAP_ELEM_ATTR,
  BPF_MAP_DELETE_ELEM: MAP_DELETE_ATTR,
  BPF_MAP_GET_NEXT_KEY: MAP_NEXT_KEY_ATTR,
  BPF_MAP_FREEZE: MAP_FREEZE_ATTR,
  BPF_PROG_LOAD: PROG_LOAD_ATTR,
  BPF_BTF_LOAD: BTF_LOAD_ATTR,
  BPF_OBJ_GET_INFO_BY_FD: OBJ_GET_INFO_ATTR,
  BPF_PROG_GET_FD_BY_ID: GET_FD_BY_ID_ATTR,
  BPF_MAP_GET_FD_BY_ID: GET_FD_BY_ID_ATTR,
  BPF_BTF_GET_FD_BY_ID: GET_FD_BY_ID_ATTR,
  BPF_LINK_GET_FD_BY_ID: GET_FD_BY_ID_ATTR,
  BPF_OBJ_PIN: OBJ_PIN_ATTR,
  BPF_OBJ_GET: OBJ_PIN_ATTR,
  BPF_LINK_CREATE: LINK_CREATE_ATTR,
  BPF_RAW_TRACEPOINT_OPEN: RAW_TRACEPOINT_OPEN_ATTR,
};

export { BTF_LOAD_ATTR, GET_FD_BY_ID_ATTR, LINK_CREATE_ATTR, MAP_CREATE_ATTR, MAP_DELETE_ATTR, MAP_ELEM_ATTR, MAP_FREEZE_ATTR };
export { MAP_NEXT_KEY_ATTR, OBJ_GET_INFO_ATTR, OBJ_PIN_ATTR, PROG_LOAD_ATTR, RAW_TRACEPOINT_OPEN_ATTR };
