package figures

import (
	"context"
	"log/slog"
)

// loggerKey is the context key of the logger Compute reports its steps to.
type loggerKey struct{}

// WithLogger returns a context whose calls of Compute, ComputeQuality and Calls log their steps and
// queries, with their durations, to logger at debug level (`bulletin -v`). Without it they log
// nothing.
func WithLogger(ctx context.Context, logger *slog.Logger) context.Context {
	return context.WithValue(ctx, loggerKey{}, logger)
}

// loggerFrom returns the logger of ctx, or one that discards everything.
func loggerFrom(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok && l != nil {
		return l
	}
	return slog.New(slog.DiscardHandler)
}
