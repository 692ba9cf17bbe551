// Internal: the embedded IANA zone records (generated tzdata_embedded.cc).
// Only zone.cc reads these; the record format is documented in
// tools/tzdata/gen_tzdata.py.
#pragma once

namespace flowproof::time_internal {

struct EmbeddedZoneName {
  const char* name;
  int record;  // index into kEmbeddedZoneRecords
};

extern const char kEmbeddedTzdataVersion[];
extern const char* const kEmbeddedZoneRecords[];
extern const int kEmbeddedZoneRecordCount;
// Sorted by name, byte order.
extern const EmbeddedZoneName kEmbeddedZoneNames[];
extern const int kEmbeddedZoneNameCount;

}  // namespace flowproof::time_internal
