package sqlite

// SetBulkMin sets the number of objects after which a Put of db may bulk
// load, so tests can exercise bulk loading with small Puts.
func SetBulkMin(db *DB, n int) { db.bulkMin = n }
