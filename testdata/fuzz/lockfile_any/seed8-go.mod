module example.com/acme/gateway

go 1.21

toolchain go1.21.5

require (
	example.com/acme/gateway/proto v0.0.0-00010101000000-000000000000
	github.com/BurntSushi/toml v1.3.2
	github.com/docker/docker v24.0.7+incompatible
	github.com/spf13/cobra v1.8.0
	gopkg.in/yaml.v3 v3.0.0
)

require (
	github.com/google/go-cmp v0.6.0 // indirect
	golang.org/x/sys v0.15.0 // indirect
)

// v3.0.0 panics on some inputs (CVE-2022-28948); build with the fix.
replace gopkg.in/yaml.v3 => gopkg.in/yaml.v3 v3.0.1

// The generated protocol code lives in this repository.
replace example.com/acme/gateway/proto => ./proto

exclude github.com/docker/docker v24.0.6+incompatible

retract (
	v1.0.1 // Published with a broken build.
	[v0.9.0, v0.9.3] // Leaked test credentials.
)
