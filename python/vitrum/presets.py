"""Option files and the papers' protocols (presets/*.opts) from Python: the words the command
line reads for an argument '@NAME' (the library's vt_option_words), and the same options as
keywords of the Python calls, so a protocol is written once for both."""
from . import _vitrum


def option_words(*args):
    """The words of args with each '@NAME' replaced by the words of the option file NAME, or of
    the shipped preset NAME ('@paper002': paper 002's protocol), as the command line reads them
    ('#' comments, quotes, files naming files)."""
    return _vitrum.option_words(list(args))


def preset(name):
    """The options of the option file or shipped preset `name` ('paper002' or '@paper002') as
    keywords: '--T-eq 693 K' gives T_eq='693 K', '--dh 164 kJ/mol' and '--set dh=164 kJ/mol' give
    dh='164 kJ/mol', an option without a value True. The DSC keywords go to dsc, kovacs,
    pathmatch, dsc_map, e.g. vitrum.pathmatch(m, '403 K', '385 K', '1 K/s', **preset('paper002'));
    a preset naming a model (paper000: model, dh, A, x, beta) gives those to vitrum.Model."""
    words = option_words(name if name.startswith("@") else "@" + name)
    out = {}
    k = 0
    while k < len(words):
        option = words[k]
        if not option.startswith("--") or option == "--":
            raise ValueError(f"preset {name}: '{option}' is not an option (--NAME)")
        has_value = k + 1 < len(words) and not words[k + 1].startswith("--")
        value = words[k + 1] if has_value else True
        k += 2 if has_value else 1
        if option == "--set" and has_value and "=" in value:
            key, value = (s.strip() for s in value.split("=", 1))
        else:
            key = option[2:].replace("-", "_")
        out[key] = value
    return out
