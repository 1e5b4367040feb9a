// Command benchserver serves the refresh benchmark's feeds on loopback for
// docs/bench-refresh.sh: -feeds feeds of -items items spread over -hosts
// loopback addresses (127.0.0.1, 127.0.0.2, …), so that per-host limits
// apply as they would across real sites. It writes the feed list in the
// forms tidings and newsboat read, then serves until killed.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/tidings-app/tidings/feed/refresh/internal/benchfeed"
)

func main() {
	feeds := flag.Int("feeds", 200, "number of feeds")
	items := flag.Int("items", 50, "items per feed")
	hosts := flag.Int("hosts", 10, "loopback addresses to spread the feeds over")
	dir := flag.String("dir", ".", "folder for config.toml (tidings), urls (newsboat) and ready")
	flag.Parse()

	h := &benchfeed.Handler{Items: *items}
	var bases []string
	for i := 1; i <= *hosts; i++ {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.%d:0", i))
		if err != nil {
			log.Fatal(err)
		}
		bases = append(bases, "http://"+ln.Addr().String())
		go func() { log.Fatal(http.Serve(ln, h)) }()
	}
	var toml, urls strings.Builder
	toml.WriteString("# written by benchserver\n")
	for n := range *feeds {
		u := fmt.Sprintf("%s/feed/%d.xml", bases[n%len(bases)], n)
		fmt.Fprintf(&toml, "[[feeds]]\nurl = %q\n\n", u)
		fmt.Fprintln(&urls, u)
	}
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(*dir, name), []byte(s), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	write("config.toml", toml.String())
	write("urls", urls.String())
	write("ready", strings.Join(bases, "\n")+"\n")
	select {}
}
