// Package progress draws the command line's progress bar: index.Progress
// for a person at a terminal. It draws only on a terminal and only for long
// phases; a pipe, a buffer or a log file gets nothing from it (the command's
// summary line reports the work instead).
package progress

import (
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// MinTotal is the smallest phase a bar is drawn for (8 MB of input).
const MinTotal = 8 << 20

// Bar draws a progress bar on w for each phase of at least MinTotal units
// when w is a terminal. It satisfies index.Progress; one Bar serves one
// phase at a time.
type Bar struct {
	w io.Writer
	// draw is whether w is a terminal.
	draw bool
	bar  *progressbar.ProgressBar
}

// NewBar returns a Bar that writes to w, drawing only when w is a terminal.
func NewBar(w io.Writer) *Bar {
	f, ok := w.(*os.File)
	return &Bar{w: w, draw: ok && term.IsTerminal(int(f.Fd()))}
}

// Start begins a phase of total units (bytes), with the phase's name
// before the bar.
func (p *Bar) Start(phase string, total int64) {
	if !p.draw || total < MinTotal {
		return
	}
	p.bar = progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription(phase),
		progressbar.OptionShowBytes(true),
		progressbar.OptionThrottle(250*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

// Add reports n more units done.
func (p *Bar) Add(n int64) {
	if p.bar != nil {
		_ = p.bar.Add64(n)
	}
}

// Done ends the phase and clears the bar.
func (p *Bar) Done() {
	if p.bar != nil {
		_ = p.bar.Finish()
		p.bar = nil
	}
}
