package main

import (
	"reflect"
	"testing"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/ui/keys"
)

// TestConfigKeysMatchTheUI keeps the two lists of actions in step: the
// config validates [keys] and documents the defaults in the file config init
// writes; the UI binds them. A renamed action or a changed default must show
// up in both, or users would read one thing and get another.
func TestConfigKeysMatchTheUI(t *testing.T) {
	if got, want := config.Actions(), keys.Names(); !reflect.DeepEqual(got, want) {
		t.Fatalf("config.Actions() = %q\nui/keys.Names() = %q", got, want)
	}
	def := keys.Default()
	for _, name := range keys.Names() {
		remapped, err := keys.New(map[string][]string{name: config.DefaultKeys(name)})
		if err != nil {
			t.Fatalf("keys.New with the documented default of %s: %v", name, err)
		}
		if !reflect.DeepEqual(remapped, def) {
			t.Errorf("the default keys documented for %s, %q, differ from the UI's", name, config.DefaultKeys(name))
		}
	}
}
