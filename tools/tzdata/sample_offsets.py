#!/usr/bin/env python3
"""Prints the independent sample table of tests/time_test.cc (kZoneSamples).

Python's zoneinfo reads the same TZif files as gen_tzdata.py but is a separate
implementation (including its own POSIX footer evaluation), so agreement on
random instants between 1970 and 2100 checks the embedded data, the trimming
of transitions and the C++ rule evaluator together. Rerun after regenerating
the embedded data and paste the output over the table.
"""
import datetime
import random
from zoneinfo import ZoneInfo

ZONES = """America/Los_Angeles America/Chicago America/Denver America/Phoenix America/Anchorage
Pacific/Honolulu America/Halifax America/St_Johns America/Mexico_City America/Havana America/Bogota
America/Santiago America/Sao_Paulo America/Argentina/Buenos_Aires America/Nuuk Atlantic/Azores
Europe/Lisbon Europe/Dublin Europe/Paris Europe/Berlin Europe/Athens Europe/Istanbul Europe/Kyiv
Europe/Moscow Africa/Cairo Africa/Casablanca Africa/Johannesburg Africa/Lagos Asia/Jerusalem Asia/Gaza
Asia/Beirut Asia/Tehran Asia/Dubai Asia/Karachi Asia/Kathmandu Asia/Dhaka Asia/Yangon Asia/Bangkok
Asia/Shanghai Asia/Tokyo Australia/Adelaide Australia/Eucla Australia/Hobart Pacific/Auckland
Pacific/Norfolk Pacific/Fiji Pacific/Tongatapu Pacific/Kiritimati Antarctica/Troll America/Asuncion""".split()

random.seed(7)
for zone in ZONES:
    for _ in range(2):
        t = random.randrange(0, 4102444800)
        d = datetime.datetime.fromtimestamp(t, ZoneInfo(zone))
        print('    {"%s", %d, %d, "%s"},  // %s' % (zone, t, int(d.utcoffset().total_seconds()), d.tzname(),
                                                d.isoformat()))
