package sqlite

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/accord-cti/accord"
)

// Search returns up to limit (0: no limit) latest versions of named objects
// whose name, aliases or description match every word of query. The words
// are quoted, so FTS5 syntax in query matches as text; the last word also
// matches as a prefix. Best first: an object named (or aliased, or with the
// external id) exactly query, then those whose name or aliases hold every
// word, then the rest, each group by BM25. BM25 alone would not do: FTS5
// normalises by the length of the whole row, so a long description sinks an
// exact name below a passing mention.
func (db *DB) Search(ctx context.Context, query string, limit int) ([]*accord.Object, error) {
	match := matchExpr(query)
	if match == "" {
		return []*accord.Object{}, nil
	}
	if limit <= 0 {
		limit = -1
	}
	const q = `SELECT ` + objectColumns + ` FROM search
	JOIN objects o ON o.added = search.rowid
	WHERE search MATCH ?
	ORDER BY o.added NOT IN (SELECT obj FROM refs WHERE ref = ?),
		search.rowid NOT IN (SELECT rowid FROM search WHERE search MATCH ?),
		search.rank
	LIMIT ?`
	exact := strings.ToLower(strings.TrimSpace(query))
	return db.query(ctx, q, match, exact, "{name aliases} : ("+match+")", limit)
}

// matchExpr turns user text into an FTS5 expression: each
// whitespace-separated word that holds a letter or digit becomes a quoted
// phrase (so "CVE-2021-26855" matches its three tokens in a row), the
// phrases are ANDed, and the last one is a prefix unless the text ends in a
// space or the word in punctuation. It returns "" when no word is left.
func matchExpr(query string) string {
	// A NUL would end the expression early for SQLite: control characters
	// separate words like spaces.
	query = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, query)
	var phrases []string
	for _, w := range strings.Fields(query) {
		if strings.IndexFunc(w, isWordRune) >= 0 {
			phrases = append(phrases, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
		}
	}
	if len(phrases) == 0 {
		return ""
	}
	expr := strings.Join(phrases, " ")
	if last, _ := utf8.DecodeLastRuneInString(query); isWordRune(last) {
		expr += "*"
	}
	return expr
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
