package reports

import "golang.org/x/sys/unix"

// exchangeDirs swaps the names a and b in one step (renameat2 with RENAME_EXCHANGE), so that a reader
// of b finds either folder, never none. It fails when b does not exist or the file system cannot.
func exchangeDirs(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
