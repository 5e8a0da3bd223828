package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"bulletin/serve"
)

// defaultServeAddr keeps the outputs on this machine unless the user names another address.
const defaultServeAddr = "127.0.0.1:8080"

// shutdownGrace is how long serve waits for requests under way after Ctrl-C.
const shutdownGrace = 5 * time.Second

// serverTimeouts bound how long a connection may hold the server: a client that sends its request
// slowly, or reads the response slowly, or keeps an idle connection open.
type serverTimeouts struct {
	readHeader, read, write, idle time.Duration
}

// defaultTimeouts are serve's. The outputs are only read (GET and HEAD, no body), so reading a
// request is quick; writing allows a workbook with Detail sheets (a hundred MB) over a slow link.
var defaultTimeouts = serverTimeouts{readHeader: 10 * time.Second, read: 30 * time.Second, write: 10 * time.Minute, idle: 2 * time.Minute}

// newHTTPServer returns the server serve runs handler with: its errors go to logger, and the
// timeouts bound every connection.
func newHTTPServer(handler http.Handler, logger *slog.Logger, timeouts serverTimeouts) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: timeouts.readHeader,
		ReadTimeout:       timeouts.read,
		WriteTimeout:      timeouts.write,
		IdleTimeout:       timeouts.idle,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

func serveCommand() command {
	return command{
		name:    "serve",
		summary: "Serve output folders read-only to a browser (the chart gallery and bulletin texts; with --internal the workbooks too) until Ctrl-C.",
		usage:   "[--root DIR] [--addr HOST:PORT] [--internal]",
		setup: func(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
			root := fs.String("root", defaultOut, "folder to serve: one output folder, or a folder of them (one per period or campaign)")
			addr := fs.String("addr", defaultServeAddr, "address to listen on; one other than loopback publishes the outputs to the network")
			internal := fs.Bool("internal", false, "publish the internal outputs too (each output folder's internal/: workbooks, metrics.json, quality.csv); without it they are answered 404")
			fs.String("warehouse", defaultWarehouse, "warehouse file (not used by serve; accepted for symmetry)")
			return func(ctx context.Context, env *environment, args []string) error {
				if len(args) > 0 {
					return usageError{"serve takes no arguments"}
				}
				return serveOutputs(ctx, env, *root, *addr, serve.Options{Internal: *internal, Logger: env.logger})
			}
		},
	}
}

// serveOutputs serves root on addr with opts until ctx is cancelled, then lets the requests under way
// finish. Cancelling is how serve is meant to stop, so it returns nil then.
func serveOutputs(ctx context.Context, env *environment, root, addr string, opts serve.Options) error {
	handler, err := serve.Handler(root, opts)
	if err != nil {
		return err
	}
	var lc net.ListenConfig
	listener, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	bound := listener.Addr().(*net.TCPAddr)
	if !bound.IP.IsLoopback() {
		env.logger.Warn("listening on an address other than loopback: anyone who can reach this machine can read the outputs", "addr", bound.String())
	}
	if opts.Internal {
		env.logger.Warn("publishing the internal outputs too (--internal): workbooks, metrics.json and quality.csv, with row-level data")
	}
	srv := newHTTPServer(handler, env.logger, defaultTimeouts)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(listener) }()
	env.logger.Info("serving outputs; stop with Ctrl-C", "root", root, "internal", opts.Internal, "url", "http://"+bound.String()+"/")

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
		env.logger.Warn("closed connections still open after the grace period", "grace", shutdownGrace, "err", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	env.logger.Info("stopped serving")
	return nil
}
