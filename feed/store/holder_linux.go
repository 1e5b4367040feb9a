package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// walWriteLock is the byte of the -shm file that SQLite's WAL writer
// locks (UNIX_SHM_BASE + WAL_WRITE_LOCK).
const walWriteLock = 120

// lockHolder names the process that holds the database's write lock, from
// the POSIX locks the kernel lists in /proc/locks: "pid 4242: tidings
// fetch -q". It says "another process" when it cannot tell.
func lockHolder(dbPath string) string {
	fi, err := os.Stat(dbPath + "-shm")
	if err != nil {
		return "another process"
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return "another process"
	}
	locks, err := os.ReadFile("/proc/locks")
	if err != nil {
		return "another process"
	}
	for _, line := range strings.Split(string(locks), "\n") {
		f := strings.Fields(line)
		// "1: POSIX  ADVISORY  WRITE 4242 08:01:1312345 120 120"; a
		// waiting lock has "->" after the number and is not held.
		if len(f) != 8 || f[1] != "POSIX" || f[3] != "WRITE" {
			continue
		}
		dev := strings.Split(f[5], ":")
		if ino, err := strconv.ParseUint(dev[len(dev)-1], 10, 64); err != nil || ino != uint64(st.Ino) {
			continue
		}
		start, err1 := strconv.ParseInt(f[6], 10, 64)
		end, err2 := strconv.ParseInt(f[7], 10, 64)
		if f[7] == "EOF" {
			end, err2 = 1<<62, nil
		}
		pid, err3 := strconv.Atoi(f[4])
		if err1 != nil || err2 != nil || err3 != nil || start > walWriteLock || end < walWriteLock || pid == os.Getpid() {
			continue
		}
		return describePID(pid)
	}
	return "another process"
}

// describePID is "pid N: command line", the program by its base name.
func describePID(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	args := strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
	if err != nil || len(args) == 0 || args[0] == "" {
		return fmt.Sprintf("pid %d", pid)
	}
	args[0] = filepath.Base(args[0])
	cmd := strings.Join(args, " ")
	if len(cmd) > 80 {
		cmd = cmd[:77] + "..."
	}
	return fmt.Sprintf("pid %d: %s", pid, cmd)
}
