#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro the importer cannot see; this is the same value.
static inline sqlite3_destructor_type ketnoi_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}
