package sqlite_test

import (
	"testing"

	"github.com/accord-cti/accord/storetest"
)

func TestAccessStore(t *testing.T) {
	storetest.RunAccess(t, func(t *testing.T) storetest.AccessStore { return openTemp(t) })
}
