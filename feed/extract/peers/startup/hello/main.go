// Command hello is the floor of the start-up comparison: a Go program
// that prints one line, so its time is the process start of any Go binary
// on this machine.
package main

import "fmt"

func main() {
	fmt.Println("hello, world")
}
