#!/usr/bin/env python3
"""Makes fonts/HFSSymbols-{Regular,Bold}.ttf: the symbols of DejaVu Sans
(U+2000 to U+2BFF: punctuation, arrows, mathematical operators, technical
symbols, box drawing, geometric shapes, dingbats) that Open Sans lacks, so
that a text holding them prints. Run from the project folder with the
DejaVu Sans files of Debian's fonts-dejavu-core (2.37) in DEJAVU:

    python3 fonts/make-symbols.py /usr/share/fonts/truetype/dejavu

Needs fontTools. Format characters and spaces are left out: the documents
treat those as they did before (see src/load/printable.rs). The family is
renamed, as a modified font must be (LICENSE-DejaVu.txt), and has no
kerning, substitution or positioning tables: the symbols stand alone.
"""
import glob
import os
import sys
import unicodedata

from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = "HFS Symbols"


def main(dejavu):
    here = os.path.dirname(os.path.abspath(__file__))
    open_sans = set()
    for path in sorted(glob.glob(os.path.join(here, "OpenSans-*.ttf"))):
        open_sans |= set(TTFont(path).getBestCmap())
    for style, source in [("Regular", "DejaVuSans.ttf"), ("Bold", "DejaVuSans-Bold.ttf")]:
        font = TTFont(os.path.join(dejavu, source))
        wanted = sorted(
            c
            for c in font.getBestCmap()
            if 0x2000 <= c <= 0x2BFF
            and c not in open_sans
            and unicodedata.category(chr(c)) not in ("Cf", "Zs", "Zl", "Zp", "Cc")
        )
        options = subset.Options()
        options.layout_features = []
        options.drop_tables += ["GPOS", "GSUB", "GDEF", "kern", "MATH", "FFTM"]
        options.hinting = False
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        subsetter.subset(font)
        names = font["name"]
        full = f"{FAMILY} {style}" if style != "Regular" else FAMILY
        postscript = f"HFSSymbols-{style}"
        for record in list(names.names):
            if record.nameID in (1, 16):
                record.string = FAMILY
            elif record.nameID in (2, 17):
                record.string = style
            elif record.nameID == 3:
                record.string = f"{postscript};hfs-report"
            elif record.nameID == 4:
                record.string = full
            elif record.nameID == 6:
                record.string = postscript
        # Fixed, so that the file is the same on every run.
        font.recalcTimestamp = False
        font["head"].modified = font["head"].created
        out = os.path.join(here, f"HFSSymbols-{style}.ttf")
        font.save(out)
        print(f"{out}: {len(wanted)} characters")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu")
