//go:build !unix

package media

import "errors"

// statfs is not measured on this system: uploads are never refused for space.
func statfs(string) (free, total int64, err error) {
	return 0, 0, errors.New("free space is not measured on this system")
}
