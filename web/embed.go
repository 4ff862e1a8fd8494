// Package web embeds the built React app (web/dist) into the binary. The
// directory holds only .keep until `npm run build` has run; the server then
// serves a page that says how to build the UI.
package web

import "embed"

// Dist is the Vite build output.
//
//go:embed all:dist
var Dist embed.FS
