package bench

import (
	"fmt"
	"image/color"
	"io"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// The ask latency targets drawn on the scale plot (docs/BENCHMARKS.md).
const (
	targetMedian = 6 * time.Millisecond
	targetP99    = 30 * time.Millisecond
)

// WritePNG draws the scale curve as a PNG of three panels against the
// number of articles (log scale): ask latency with the targets, build
// time, and memory and index size.
func (r ScaleReport) WritePNG(w io.Writer) error {
	if len(r.Points) == 0 {
		return fmt.Errorf("no scale points to plot")
	}
	ticks := make(plot.ConstantTicks, len(r.Points))
	lo, hi := float64(r.Points[0].Articles), float64(r.Points[0].Articles)
	for i, p := range r.Points {
		x := float64(p.Articles)
		ticks[i] = plot.Tick{Value: x, Label: fmt.Sprintf("%.0fk", x/1000)}
		lo, hi = min(lo, x), max(hi, x)
	}
	series := func(f func(ScalePoint) float64) plotter.XYs {
		xy := make(plotter.XYs, len(r.Points))
		for i, p := range r.Points {
			xy[i].X, xy[i].Y = float64(p.Articles), f(p)
		}
		return xy
	}
	panel := func(title, ylabel string) *plot.Plot {
		p := plot.New()
		p.Title.Text = title
		p.X.Label.Text = "articles"
		p.Y.Label.Text = ylabel
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = ticks
		p.X.Min, p.X.Max = lo/1.3, hi*1.3
		p.Y.Min = 0
		p.Legend.Top = true
		p.Legend.Left = true
		p.Add(plotter.NewGrid())
		return p
	}
	msOf := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	mibOf := func(n int64) float64 { return float64(n) / (1 << 20) }

	lat := panel("ask latency, one question at a time", "ms")
	if err := addLines(lat, []string{"median", "p99"}, []plotter.XYs{
		series(func(p ScalePoint) float64 { return msOf(p.Median) }),
		series(func(p ScalePoint) float64 { return msOf(p.P99) }),
	}); err != nil {
		return err
	}
	for _, t := range []struct {
		name string
		v    time.Duration
	}{{"median target", targetMedian}, {"p99 target", targetP99}} {
		v := msOf(t.v)
		f := plotter.NewFunction(func(float64) float64 { return v })
		f.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		f.Color = color.Gray{Y: 120}
		lat.Add(f)
		lat.Legend.Add(t.name+fmt.Sprintf(" (%.0f ms)", v), f)
	}

	build := panel("building the index", "seconds")
	if err := addLines(build, []string{"build time"}, []plotter.XYs{
		series(func(p ScalePoint) float64 { return p.BuildTime.Seconds() }),
	}); err != nil {
		return err
	}

	mem := panel("memory and disk", "MiB")
	if err := addLines(mem, []string{"build peak RSS", "idle RSS (index open)", "index size"}, []plotter.XYs{
		series(func(p ScalePoint) float64 { return mibOf(p.BuildRSS) }),
		series(func(p ScalePoint) float64 { return mibOf(p.OpenRSS) }),
		series(func(p ScalePoint) float64 { return mibOf(p.IndexBytes) }),
	}); err != nil {
		return err
	}

	for _, p := range []*plot.Plot{lat, build, mem} {
		p.Y.Max *= 1.35 // room for the legend above the lines
	}
	img := vgimg.New(vg.Points(1200), vg.Points(400))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 1, Cols: 3, PadX: vg.Points(20), PadTop: vg.Points(10), PadBottom: vg.Points(10),
		PadLeft: vg.Points(10), PadRight: vg.Points(10)}
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	plots := [][]*plot.Plot{{lat, build, mem}}
	canvases := plot.Align(plots, tiles, dc)
	for i, p := range plots[0] {
		p.Draw(canvases[0][i])
	}
	_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}

// addLines adds one line with points per series, named in the legend.
func addLines(p *plot.Plot, names []string, xys []plotter.XYs) error {
	palette := []color.Color{
		color.RGBA{R: 31, G: 119, B: 180, A: 255},
		color.RGBA{R: 214, G: 39, B: 40, A: 255},
		color.RGBA{R: 44, G: 160, B: 44, A: 255},
	}
	for i, xy := range xys {
		l, pts, err := plotter.NewLinePoints(xy)
		if err != nil {
			return fmt.Errorf("plot %s: %w", names[i], err)
		}
		c := palette[i%len(palette)]
		l.Color, pts.Color = c, c
		l.Width = vg.Points(1.5)
		p.Add(l, pts)
		p.Legend.Add(names[i], l, pts)
	}
	return nil
}
