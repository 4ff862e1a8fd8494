package httpapi

import (
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// openAPI serves an OpenAPI 3.1 document built from the route table, so it
// lists exactly the endpoints that exist with the shapes the handlers use.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-cache")
	_ = writeJSON(w, http.StatusOK, s.openAPIDoc())
}

var pathParam = regexp.MustCompile(`\{([a-zA-Z_]+)\}`)

func (s *Server) openAPIDoc() map[string]any {
	schemas := map[string]any{
		"Problem": map[string]any{
			"type":     "object",
			"required": []string{"type", "title", "status"},
			"properties": map[string]any{
				"type": map[string]any{"type": "string"}, "title": map[string]any{"type": "string"},
				"status": map[string]any{"type": "integer"}, "detail": map[string]any{"type": "string"},
				"code": map[string]any{"type": "string"}, "request_id": map[string]any{"type": "string"},
				"errors": map[string]any{"type": "array", "items": map[string]any{
					"type": "object", "properties": map[string]any{"field": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"}},
				}},
			},
		},
	}
	problem := map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}
	paths := map[string]any{}
	for _, rt := range s.routes {
		op := map[string]any{
			"summary":     rt.Summary,
			"operationId": strings.ToLower(rt.Method) + strings.NewReplacer("/", "_", "{", "", "}", "").Replace(rt.Path),
			"tags":        []string{rt.Tag},
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if rt.In != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": schemaRef(reflect.TypeOf(rt.In), schemas)}}}
		}
		ok := map[string]any{"description": http.StatusText(rt.Status)}
		if rt.Out != nil {
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": schemaRef(reflect.TypeOf(rt.Out), schemas)}}
		}
		responses := map[string]any{strconv.Itoa(rt.Status): ok, "default": map[string]any{"description": "Error", "content": problem}}
		op["responses"] = responses
		if rt.Access != public {
			op["security"] = []any{map[string]any{"bearer": []string{}}}
		}
		p := apiPrefix + rt.Path
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p].(map[string]any)[strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info":    map[string]any{"title": "Lectern API", "version": "1"},
		"servers": []any{map[string]any{"url": "/"}},
		"paths":   paths,
		"components": map[string]any{
			"schemas":         schemas,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
		},
	}
}

// objectSchema describes a struct's JSON fields; embedded structs are
// flattened as encoding/json does.
func objectSchema(t reflect.Type, schemas map[string]any) map[string]any {
	props := map[string]any{}
	var required []string
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
				add(f.Type)
				continue
			}
			if tag == "-" || !f.IsExported() {
				continue
			}
			fname, opts, _ := strings.Cut(tag, ",")
			if fname == "" {
				fname = f.Name
			}
			props[fname] = schemaRef(f.Type, schemas)
			if !strings.Contains(opts, "omitempty") && f.Type.Kind() != reflect.Pointer {
				required = append(required, fname)
			}
		}
	}
	add(t)
	sch := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		sch["required"] = required
	}
	return sch
}

// schemaName turns Go type names into schema names: userJSON → User.
func schemaName(t reflect.Type) string {
	n := strings.TrimSuffix(t.Name(), "JSON")
	return strings.ToUpper(n[:1]) + n[1:]
}

var timeType = reflect.TypeOf(time.Time{})

// schemaRef describes t as JSON Schema, registering named structs under
// components/schemas and returning a $ref to them.
func schemaRef(t reflect.Type, schemas map[string]any) map[string]any {
	nullable := false
	for t.Kind() == reflect.Pointer {
		t, nullable = t.Elem(), true
	}
	var out map[string]any
	switch {
	case t == timeType:
		out = map[string]any{"type": "string", "format": "date-time"}
	case t.Kind() == reflect.Struct && t.Name() == "":
		out = objectSchema(t, schemas) // an anonymous struct is described in place
	case t.Kind() == reflect.Struct:
		name := schemaName(t)
		if _, done := schemas[name]; !done {
			schemas[name] = map[string]any{} // break cycles
			schemas[name] = objectSchema(t, schemas)
		}
		out = map[string]any{"$ref": "#/components/schemas/" + name}
	case t.Kind() == reflect.Slice:
		out = map[string]any{"type": "array", "items": schemaRef(t.Elem(), schemas)}
	case t.Kind() == reflect.Map:
		out = map[string]any{"type": "object", "additionalProperties": schemaRef(t.Elem(), schemas)}
	case t.Kind() == reflect.String:
		out = map[string]any{"type": "string"}
	case t.Kind() == reflect.Bool:
		out = map[string]any{"type": "boolean"}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		out = map[string]any{"type": "integer"}
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		out = map[string]any{"type": "number"}
	default:
		out = map[string]any{}
	}
	if nullable {
		if _, isRef := out["$ref"]; isRef {
			return map[string]any{"oneOf": []any{out, map[string]any{"type": "null"}}}
		}
		if typ, ok := out["type"].(string); ok {
			out["type"] = []string{typ, "null"}
		}
	}
	return out
}
