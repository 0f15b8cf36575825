// Package feed pulls TAXII 2.1 collections into the store: issue 7's
// federation, the client side of what `accord serve` offers.
//
// A pull asks for the collection's objects added after the feed's
// position, follows the server's next tokens and, where a server gives
// none, pages with added_after = X-TAXII-Date-Added-Last. Each page is
// validated object by object as `accord serve` validates a POST: the
// valid objects are stored, the invalid ones are quarantined with their
// reason, and the page's last date added becomes the feed's position, all
// in one transaction (accord.FeedStore.PutFeedPage). A pull stopped by a
// crash or a cancellation therefore resumes after the last page it
// stored, and re-pulling a page is harmless: known versions are skipped.
//
// Credentials. Pulling needs the token itself, so it cannot be kept hashed
// as the server's own tokens are. A feed either keeps it in the database
// in the clear (protect the database file as you would the token), or
// names an environment variable (accord feed add --token-env VAR) read at
// each pull, which keeps it out of the database.
//
// Outbound allow-list. A feed reaches only the hosts an administrator
// allowed (accord feed allow HOST[:PORT], kept in the database); nothing is
// allowed by default, loopback included, as a national CERT's egress
// policy would want. The check runs when a feed is added, at every pull,
// and on every redirect. A server's certificate can be pinned by its
// SHA-256 fingerprint (--insecure-tls-fingerprint) where it is
// self-signed.
package feed
