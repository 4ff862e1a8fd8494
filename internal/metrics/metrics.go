// Package metrics holds Lectern's own Prometheus metrics (beyond HTTP, which
// the httpapi package counts): media served, transcodes, the job queue,
// payments and caches. One set per process, on the registry /metrics serves.
package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// M is the set of metrics.
type M struct {
	Registry *prometheus.Registry

	MediaBytes     prometheus.Counter
	Transcodes     *prometheus.CounterVec // by outcome: ready, rejected, failed
	VideoSeconds   prometheus.Counter     // seconds of video transcoded
	TranscodeSpeed prometheus.Histogram   // seconds of video per second of work
	Orders         *prometheus.CounterVec // paid orders by provider and currency
	Revenue        *prometheus.CounterVec // minor units paid, by currency
	Refunds        *prometheus.CounterVec // refunded orders by provider
	Cache          *prometheus.CounterVec // lookups by cache and result (hit, miss)
}

// New registers every metric on a fresh registry, with the Go runtime and
// process collectors.
func New() *M {
	m := &M{
		Registry: prometheus.NewRegistry(),
		MediaBytes: prometheus.NewCounter(prometheus.CounterOpts{Name: "lectern_media_bytes_served_total",
			Help: "Bytes of media (segments, playlists, images) sent by /media."}),
		Transcodes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lectern_transcodes_total",
			Help: "Finished transcode jobs by outcome."}, []string{"outcome"}),
		VideoSeconds: prometheus.NewCounter(prometheus.CounterOpts{Name: "lectern_transcoded_video_seconds_total",
			Help: "Seconds of video transcoded."}),
		TranscodeSpeed: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "lectern_transcode_speed_ratio",
			Help: "Seconds of video per second of transcoding work.", Buckets: []float64{0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8}}),
		Orders: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lectern_orders_paid_total",
			Help: "Orders paid, by payment provider and currency."}, []string{"provider", "currency"}),
		Revenue: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lectern_revenue_minor_units_total",
			Help: "Money paid, in minor units, by currency."}, []string{"currency"}),
		Refunds: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lectern_orders_refunded_total",
			Help: "Orders refunded, by payment provider."}, []string{"provider"}),
		Cache: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lectern_cache_requests_total",
			Help: "Cache lookups by cache and result."}, []string{"cache", "result"}),
	}
	m.Registry.MustRegister(m.MediaBytes, m.Transcodes, m.VideoSeconds, m.TranscodeSpeed, m.Orders, m.Revenue, m.Refunds, m.Cache,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// CacheResult counts one lookup.
func (m *M) CacheResult(cache string, hit bool) {
	if m == nil {
		return
	}
	r := "miss"
	if hit {
		r = "hit"
	}
	m.Cache.WithLabelValues(cache, r).Inc()
}

// JobCounts reports the job queue's depth by state on every scrape.
func (m *M) JobCounts(count func(context.Context) (map[string]int, error)) {
	m.Registry.MustRegister(&jobCollector{count: count,
		desc: prometheus.NewDesc("lectern_jobs", "Jobs in the queue by state.", []string{"state"}, nil)})
}

type jobCollector struct {
	count func(context.Context) (map[string]int, error)
	desc  *prometheus.Desc
}

func (c *jobCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *jobCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	counts, err := c.count(ctx)
	if err != nil {
		return
	}
	for _, state := range []string{"available", "running", "retryable", "scheduled", "completed", "discarded", "cancelled"} {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(counts[state]), state)
	}
}
