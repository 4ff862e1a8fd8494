//go:build !linux

package httpapi

import "net"

// cork is a no-op where TCP_CORK does not exist.
func cork(net.Conn) func() { return func() {} }
