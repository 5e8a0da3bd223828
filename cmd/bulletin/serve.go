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

func serveCommand() command {
	return command{
		name:    "serve",
		summary: "Serve output folders read-only to a browser (the chart gallery, bulletin texts and workbooks) until Ctrl-C.",
		usage:   "[--root DIR] [--addr HOST:PORT]",
		setup: func(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
			root := fs.String("root", defaultOut, "folder to serve: one output folder, or a folder of them (one per period or campaign)")
			addr := fs.String("addr", defaultServeAddr, "address to listen on; one other than loopback publishes the outputs to the network")
			fs.String("warehouse", defaultWarehouse, "warehouse file (not used by serve; accepted for symmetry)")
			return func(ctx context.Context, env *environment, args []string) error {
				if len(args) > 0 {
					return usageError{"serve takes no arguments"}
				}
				return serveOutputs(ctx, env, *root, *addr)
			}
		},
	}
}

// serveOutputs serves root on addr until ctx is cancelled, then lets the requests under way finish.
// Cancelling is how serve is meant to stop, so it returns nil then.
func serveOutputs(ctx context.Context, env *environment, root, addr string) error {
	handler, err := serve.Handler(root)
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
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(env.logger.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(listener) }()
	env.logger.Info("serving outputs; stop with Ctrl-C", "root", root, "url", "http://"+bound.String()+"/")

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
