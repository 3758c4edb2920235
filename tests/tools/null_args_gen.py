#!/usr/bin/env python3
"""Writes tests/test_null_args.c: one probe per public function (every VT_API prototype in
include/vitrum), called with every pointer argument NULL, sizes 1 and numbers 1.0. An int
status must be an error, a pointer NULL, a double NaN, a count 0; a void function must not
crash. Run from the source tree after adding public functions:
    python3 tests/tools/null_args_gen.py tests/tools/null_args_head.c > tests/test_null_args.c
(the null_args_complete test fails until the new function has its probe)."""
import re,glob,sys
protos=[]
for h in sorted(glob.glob('include/vitrum/*.h')):
    s=open(h).read()
    s=re.sub(r'/\*.*?\*/','',s,flags=re.S)
    for m in re.finditer(r'VT_API\s+([^;{]*?)\s*\(([^;]*?)\)\s*;', s, flags=re.S):
        ret=' '.join(m.group(1).split()); args=' '.join(m.group(2).split())
        # name is last token of ret
        mm=re.match(r'(.*?)\s*\**\s*(vt_\w+)$', ret)
        name=re.search(r'(vt_\w+)$',ret).group(1)
        rtype=ret[:ret.rfind(name)].strip()
        protos.append((name,rtype,args,h.endswith('md.h')))
def split_args(a):
    out=[];depth=0;cur=''
    for ch in a:
        if ch=='(' : depth+=1
        if ch==')' : depth-=1
        if ch==',' and depth==0: out.append(cur.strip()); cur=''
        else: cur+=ch
    if cur.strip(): out.append(cur.strip())
    return out
def argval(a, name):
    if a=='void': return None
    if '(*' in a: return 'NULL'
    if '*' in a: return 'NULL'
    t=a.rsplit(' ',1)[0]
    pname=a.rsplit(' ',1)[1]
    if t in ('size_t',): return '1'
    if t=='int' and pname=='Z': return '26'
    if t=='int': return '0'
    if t=='long': return '0'
    if t=='double': return '1.0'
    return '('+t+')0'
skip_default=re.compile(r'_default$')
# Functions whose arguments may all be NULL or that take no pointer to check: called for 'no
# crash' only (a NULL vt_error is always allowed; vt_program_create(T, NULL) is a program).
LEGIT = {'vt_strerror', 'vt_version', 'vt_dim_name', 'vt_dim_units', 'vt_dim_unit', 'vt_model_names',
         'vt_relaxation_class', 'vt_model_summary', 'vt_from_si', 'vt_kww_integral',
         'vt_path_isothermal_program', 'vt_path_cooling_program', 'vt_program_create',
         'vt_strain_program_create', 'vt_tnm_ln_tau', 'vt_twotheta_to_Q', 'vt_visco_create',
         'vt_visco_params', 'vt_dma_column_name', 'vt_outfile_remove_all', 'vt_tps_is_local', 'vt_csv_stream_close', 'vt_md_init', 'vt_md_finalize',
         'vt_md_world_rank', 'vt_md_world_size', 'vt_cancel_requested'}
lines=[]
names=[]
for name,rtype,args,md in protos:
    if skip_default.search(name): continue
    al=[argval(x,name) for x in split_args(args)]
    al=[x for x in al if x is not None]
    call=f'{name}({", ".join(al)})'
    if name in LEGIT:
        expect=f'(void){call};\n  return 1;'
    elif rtype=='int':
        expect='return ' + ('vt_unit_lookup' in name and f'{call} == 0' or f'{call} != 0') + ';'
    elif rtype=='void':
        expect=f'{call};\n  return 1;'
    elif rtype=='double' and name in LEGIT:
        expect=f'(void){call};\n  return 1;'
    elif rtype=='double':
        expect=f'double v = {call};\n  return isnan(v);'
    elif rtype=='size_t':
        expect=f'return {call} == 0;'
    elif rtype.endswith('*') or rtype.endswith('* const') or '*' in rtype:
        if name in LEGIT:
            expect=f'(void){call};\n  return 1;'
        else:
            expect=f'return {call} == NULL;'
    else:
        expect=f'(void){call};\n  return 1;'
    names.append((name, md))
    probe = f'static int probe_{name}(void) {{\n  {expect}\n}}\n'
    # vitrum md is optional at build time: its probes only where it is built
    lines.append(f'#ifdef VITRUM_HAVE_MD\n{probe}#endif\n' if md else probe)
head = open(sys.argv[1]).read() if len(sys.argv) > 1 else ''
body = '\n'.join(lines) + '\nstatic const probe probes[] = {\n' + ''.join(('#ifdef VITRUM_HAVE_MD\n' if md else '') + f'    {{"{n}", probe_{n}}},\n' + ('#endif\n' if md else '') for n, md in names) + '};\n'
sys.stdout.write(head.replace('/* PROBES */\n', body))
