//go:build !linux

package reports

import "errors"

// exchangeDirs is not available here: swapDir renames twice.
func exchangeDirs(a, b string) error {
	return errors.New("exchanging two names in one step is not supported on this system")
}
