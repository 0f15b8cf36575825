package sqlite_test

import (
	"testing"

	"github.com/accord-cti/accord/storetest"
)

func TestFeedStore(t *testing.T) {
	storetest.RunFeeds(t, func(t *testing.T) storetest.FeedStore { return openTemp(t) })
}
