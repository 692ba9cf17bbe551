#!/usr/bin/env python3
"""Generates core/time/tzdata_embedded.cc from the system's compiled tzdata.

flowproof embeds its time-zone data so that native and WebAssembly builds give
identical answers with no files at run time. This script reads Debian's tzdata
package (TZif files under /usr/share/zoneinfo, zone and link names from its
tzdata.zi) and writes one C++ source holding, for every zone:

  - the local time types (UTC offset, DST flag, abbreviation) it uses since
    1970, and the type in force at 1970-01-01T00:00:00Z (used for every
    earlier instant: flowproof never simulates the 1960s);
  - its transitions after 1970-01-01T00:00:00Z, as compact deltas, cut off
    where the POSIX TZ footer rule reproduces the rest (verified here with an
    independent implementation of the POSIX rules);
  - the POSIX TZ footer, which the C++ side evaluates for every instant after
    the last stored transition.

Zones whose data is identical from 1970 on share one record, and links
("US/Eastern") are plain names pointing at a record.

Usage (from the repository root):

  python3 tools/tzdata/gen_tzdata.py [--zoneinfo /usr/share/zoneinfo] \
      [--out core/time/tzdata_embedded.cc]

Record format (one string per record, fields separated by '|'):

  FOOTER|TYPES|INITIAL|UNIT|TRANSITIONS

  FOOTER       the POSIX TZ string, possibly empty (then the last type holds).
  TYPES        "offset,isdst,abbr" separated by ';' (offset in seconds east).
  INITIAL      index of the type in force at 1970-01-01T00:00:00Z.
  UNIT         seconds per unit of the transition deltas (3600, 900, 60 or 1).
  TRANSITIONS  base-32 little-endian varints, one per transition:
               (delta_in_units * ntypes + type_index), where delta is measured
               from the previous transition (the first from 1970-01-01).
               Digits '0'-'9','A'-'V' end a number; 'W'-'Z','a'-'z','*','~'
               are continuation digits (same values 0..31).
"""

import argparse
import struct
import sys
from pathlib import Path

END_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
MORE_DIGITS = "WXYZabcdefghijklmnopqrstuvwxyz*~"
assert len(END_DIGITS) == 32 and len(MORE_DIGITS) == 32


# ---- calendar --------------------------------------------------------------

def days_from_civil(y, m, d):
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_year(days):
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    m = mp + 3 if mp < 10 else mp - 9
    return y + (m <= 2)


def is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def days_in_month(y, m):
    return [31, 29 if is_leap(y) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]


def weekday(days):
    return (days + 4) % 7  # 1970-01-01 was a Thursday


# ---- POSIX TZ rules (an independent check of the C++ evaluator) -----------

class PosixRule:
    def __init__(self, text):
        self.text = text
        self.pos = 0
        self.std_abbr = self._abbr()
        self.std_off = -self._offset()
        self.dst_abbr = None
        if self.pos < len(text):
            self.dst_abbr = self._abbr()
            if self.pos < len(text) and text[self.pos] != ",":
                self.dst_off = -self._offset()
            else:
                self.dst_off = self.std_off + 3600
            if self.pos == len(text):
                text += ",M3.2.0,M11.1.0"
                self.text = text
            self._expect(",")
            self.start = self._date_time()
            self._expect(",")
            self.end = self._date_time()
        if self.pos != len(self.text):
            raise ValueError("trailing junk in POSIX TZ %r" % self.text)

    def _expect(self, c):
        if self.text[self.pos:self.pos + 1] != c:
            raise ValueError("expected %r in %r" % (c, self.text))
        self.pos += 1

    def _abbr(self):
        t = self.text
        if t[self.pos] == "<":
            end = t.index(">", self.pos)
            abbr = t[self.pos + 1:end]
            self.pos = end + 1
            return abbr
        start = self.pos
        while self.pos < len(t) and t[self.pos].isalpha():
            self.pos += 1
        return t[start:self.pos]

    def _hms(self):
        t = self.text
        sign = 1
        if t[self.pos] in "+-":
            sign = -1 if t[self.pos] == "-" else 1
            self.pos += 1
        parts = []
        while True:
            start = self.pos
            while self.pos < len(t) and t[self.pos].isdigit():
                self.pos += 1
            parts.append(int(t[start:self.pos]))
            if self.pos < len(t) and t[self.pos] == ":" and len(parts) < 3:
                self.pos += 1
                continue
            break
        while len(parts) < 3:
            parts.append(0)
        return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])

    def _offset(self):
        return self._hms()

    def _date_time(self):
        t = self.text
        if t[self.pos] == "M":
            self.pos += 1
            m, w, d = self._number(), None, None
            self._expect(".")
            w = self._number()
            self._expect(".")
            d = self._number()
            date = ("M", m, w, d)
        elif t[self.pos] == "J":
            self.pos += 1
            date = ("J", self._number())
        else:
            date = ("n", self._number())
        time = 7200
        if self.pos < len(t) and t[self.pos] == "/":
            self.pos += 1
            time = self._hms()
        return date, time

    def _number(self):
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos].isdigit():
            self.pos += 1
        return int(self.text[start:self.pos])

    @staticmethod
    def _day(date, year):
        if date[0] == "J":
            n = date[1]
            return days_from_civil(year, 1, 1) + n - 1 + (1 if is_leap(year) and n >= 60 else 0)
        if date[0] == "n":
            return days_from_civil(year, 1, 1) + date[1]
        _, m, w, d = date
        first = days_from_civil(year, m, 1)
        day = first + (d - weekday(first)) % 7 + (w - 1) * 7
        while day >= first + days_in_month(year, m):
            day -= 7
        return day

    def std_state(self):
        return (self.std_off, 0, self.std_abbr)

    def dst_state(self):
        return (self.dst_off, 1, self.dst_abbr)

    def events(self, year):
        """[(instant, is_start)] for the DST start and end in `year`."""
        (sd, st), (ed, et) = self.start, self.end
        return [(self._day(sd, year) * 86400 + st - self.std_off, 1),
                (self._day(ed, year) * 86400 + et - self.dst_off, 0)]

    def _sorted_events(self, t, before, after):
        year = civil_year((t + self.std_off) // 86400)
        ev = []
        for y in range(year - before, year + after + 1):
            ev += self.events(y)
        # At equal instants an end sorts before a start: DST that ends and
        # restarts at once (all-year DST) stays on.
        ev.sort()
        return ev

    def state_at(self, t):
        if self.dst_abbr is None:
            return self.std_state()
        state = None
        for instant, is_start in self._sorted_events(t, 1, 1):
            if instant <= t:
                state = is_start
        return self.dst_state() if state else self.std_state()

    def changes(self, begin, end):
        """[(instant, state)] where the state changes, begin < instant <= end."""
        if self.dst_abbr is None:
            return []
        out = []
        year0 = civil_year((begin + self.std_off) // 86400)
        year1 = civil_year((end + self.std_off) // 86400)
        instants = set()
        for y in range(year0 - 1, year1 + 2):
            for instant, _ in self.events(y):
                if begin < instant <= end:
                    instants.add(instant)
        prev = self.state_at(begin)
        for instant in sorted(instants):
            state = self.state_at(instant)
            if state != prev:
                out.append((instant, state))
                prev = state
        return out


# ---- TZif ------------------------------------------------------------------

def read_tzif(path):
    data = path.read_bytes()
    if data[:4] != b"TZif" or data[4] < ord("2"):
        raise ValueError("%s: not a TZif v2+ file" % path)

    def counts(off):
        return struct.unpack(">6l", data[off + 20:off + 44])

    isut, isstd, leap, timecnt, typecnt, charcnt = counts(0)
    off = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut
    if data[off:off + 4] != b"TZif":
        raise ValueError("%s: no second header" % path)
    isut, isstd, leap, timecnt, typecnt, charcnt = counts(off)
    off += 44
    times = list(struct.unpack(">%dq" % timecnt, data[off:off + 8 * timecnt]))
    off += 8 * timecnt
    idx = list(data[off:off + timecnt])
    off += timecnt
    raw_types = []
    for _ in range(typecnt):
        raw_types.append(struct.unpack(">lBB", data[off:off + 6]))
        off += 6
    chars = data[off:off + charcnt]
    off += charcnt + leap * 12 + isstd + isut
    if leap:
        raise ValueError("%s: leap seconds are not supported (use the 'posix' files)" % path)
    footer = data[off:].split(b"\n")[1].decode("ascii")
    types = []
    for utoff, isdst, ai in raw_types:
        abbr = chars[ai:chars.index(b"\0", ai)].decode("ascii")
        types.append((utoff, isdst, abbr))
    return times, [types[i] for i in idx], types[0], footer


def zone_record(path):
    times, states, first_state, footer = read_tzif(path)
    # The state at 1970-01-01T00:00:00Z and the real changes after it.
    initial = first_state
    trans = []
    for t, s in zip(times, states):
        if t <= 0:
            initial = s
        elif s != (trans[-1][1] if trans else initial):
            trans.append((t, s))
    rule = PosixRule(footer) if footer else None
    if rule is not None:
        last = trans[-1][0] if trans else 0
        # Beyond the table TZif itself uses the footer; check that it agrees.
        end_state = trans[-1][1] if trans else initial
        if rule.state_at(last) != end_state:
            print("warning: %s: footer %r disagrees with the last transition" % (path, footer),
                  file=sys.stderr)
        else:
            # The fewest transitions to keep: from index k on, the footer must
            # reproduce every change exactly.
            n = len(trans)
            for k in range(0, n + 1):
                begin = trans[k - 1][0] if k > 0 else 0
                begin_state = trans[k - 1][1] if k > 0 else initial
                if rule.state_at(begin) != begin_state:
                    continue
                if rule.changes(begin, last) == trans[k:]:
                    trans = trans[:k]
                    break
    types = []
    for s in [initial] + [s for _, s in trans]:
        if s not in types:
            types.append(s)
    unit = 1
    for u in (3600, 900, 60):
        if all(t % u == 0 for t, _ in trans):
            unit = u
            break
    out = []
    prev = 0
    for t, s in trans:
        value = ((t - prev) // unit) * len(types) + types.index(s)
        prev = t
        digits = []
        while True:
            digits.append(value & 31)
            value >>= 5
            if value == 0:
                break
        out.append("".join(MORE_DIGITS[d] for d in digits[:-1]) + END_DIGITS[digits[-1]])
    type_text = ";".join("%d,%d,%s" % s for s in types)
    for s in types:
        if any(c in s[2] for c in "|;,\"\\"):
            raise ValueError("%s: unusable abbreviation %r" % (path, s[2]))
    return "%s|%s|%d|%d|%s" % (footer, type_text, types.index(initial), unit, "".join(out)), len(trans)


def c_string(text, indent):
    # Split long records so the generated file stays readable in diffs.
    chunks = [text[i:i + 90] for i in range(0, len(text), 90)] or [""]
    return ("\n" + indent).join('"%s"' % c for c in chunks)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zoneinfo", default="/usr/share/zoneinfo")
    parser.add_argument("--out", default="core/time/tzdata_embedded.cc")
    args = parser.parse_args()
    root = Path(args.zoneinfo)
    zi = (root / "tzdata.zi").read_text().splitlines()
    version = zi[0].split()[-1] if zi and zi[0].startswith("# version") else "unknown"
    zones = sorted(line.split()[1] for line in zi if line.startswith("Z "))
    links = sorted((line.split()[2], line.split()[1]) for line in zi if line.startswith("L "))

    records = []        # distinct record texts
    record_of = {}      # name -> record index
    total_trans = 0
    for name in zones:
        text, count = zone_record(root / name)
        if text not in records:
            records.append(text)
            total_trans += count
        record_of[name] = records.index(text)
    for name, target in links:
        if target not in record_of:
            raise ValueError("link %s -> unknown zone %s" % (name, target))
        record_of[name] = record_of[target]
    names = sorted(record_of)

    lines = []
    lines.append("// GENERATED by tools/tzdata/gen_tzdata.py from tzdata %s (Debian's tzdata package," % version)
    lines.append("// /usr/share/zoneinfo). Do not edit; regenerate with")
    lines.append("//   python3 tools/tzdata/gen_tzdata.py --out core/time/tzdata_embedded.cc")
    lines.append("// %d zones and %d links share %d distinct records holding %d transitions;" %
                 (len(zones), len(links), len(records), total_trans))
    lines.append("// the record format is described in the generator.")
    lines.append('#include "core/time/tzdata_embedded.h"')
    lines.append("")
    lines.append("namespace flowproof::time_internal {")
    lines.append("")
    lines.append('const char kEmbeddedTzdataVersion[] = "%s";' % version)
    lines.append("")
    lines.append("const char* const kEmbeddedZoneRecords[] = {")
    for i, text in enumerate(records):
        lines.append("    // %d" % i)
        lines.append("    " + c_string(text, "    ") + ",")
    lines.append("};")
    lines.append("const int kEmbeddedZoneRecordCount = %d;" % len(records))
    lines.append("")
    lines.append("// Every zone and link name, sorted (byte order), with its record.")
    lines.append("const EmbeddedZoneName kEmbeddedZoneNames[] = {")
    for name in names:
        lines.append('    {"%s", %d},' % (name, record_of[name]))
    lines.append("};")
    lines.append("const int kEmbeddedZoneNameCount = %d;" % len(names))
    lines.append("")
    lines.append("}  // namespace flowproof::time_internal")
    Path(args.out).write_text("\n".join(lines) + "\n")
    print("tzdata %s: %d names, %d records, %d transitions -> %s" %
          (version, len(names), len(records), total_trans, args.out))


if __name__ == "__main__":
    main()
