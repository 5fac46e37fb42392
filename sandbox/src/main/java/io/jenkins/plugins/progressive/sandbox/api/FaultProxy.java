package io.jenkins.plugins.progressive.sandbox.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A TCP proxy in front of the API server that can reset a connection in the middle of an answer, which the mock
 * server (Vert.x) cannot do itself. Bytes are pumped both ways untouched (WebSocket upgrades included); an answer
 * the dispatcher marked with {@link #MARKER_HEADER} is passed on up to the end of its headers plus about half its body
 * (at least one byte), then both connections are reset (RST, not FIN). Other answers on the same keep-alive connection
 * are untouched.
 */
final class FaultProxy implements AutoCloseable {

    /** The header of an answer to be cut; its value holds the proxy's {@link #marker} token. */
    static final String MARKER_HEADER = "X-Sandbox-Fault";

    private static final Logger LOG = Logger.getLogger(FaultProxy.class.getName());
    private static final int BUFFER = 16 * 1024;

    private final InetSocketAddress upstream;
    private final String marker;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;

    /** Listens on a free port of 127.0.0.1 and forwards every connection to {@code upstream}. */
    FaultProxy(InetSocketAddress upstream, String marker) {
        this.upstream = upstream;
        this.marker = marker;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox fault proxy on 127.0.0.1", e);
        }
        daemon("sandbox-fault-proxy-accept", this::acceptLoop).start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The value of {@link #MARKER_HEADER} that makes this proxy cut an answer. */
    String marker() {
        return marker;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "the sandbox fault proxy stopped accepting", e);
                }
                return;
            }
            try {
                connect(client);
            } catch (IOException e) {
                LOG.log(Level.FINE, "cannot reach the API server for a proxied connection", e);
                quietlyClose(client);
            }
        }
    }

    private void connect(Socket client) throws IOException {
        open.add(client);
        Socket server = new Socket();
        open.add(server);
        if (closed) {
            quietlyClose(client);
            quietlyClose(server);
            return;
        }
        try {
            server.connect(upstream);
        } catch (IOException e) {
            quietlyClose(server);
            throw e;
        }
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        Connection connection = new Connection(client, server);
        int id = connections.incrementAndGet();
        daemon("sandbox-fault-proxy-" + id + "-to-server", connection::pumpRequests).start();
        daemon("sandbox-fault-proxy-" + id + "-to-client", connection::pumpAnswers).start();
    }

    /** One client connection and its connection to the API server. */
    private final class Connection {
        private final Socket client;
        private final Socket server;
        private final AtomicInteger pumpsDone = new AtomicInteger();

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void pumpRequests() {
            byte[] buffer = new byte[BUFFER];
            // Streams are not closed on their own: closing one closes its socket, which the other pump still uses.
            try {
                InputStream in = client.getInputStream();
                OutputStream out = server.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
                // The client is done sending; the server may still answer, so only half-close.
                server.shutdownOutput();
                pumpDone();
            } catch (IOException e) {
                closeBoth();
            }
        }

        void pumpAnswers() {
            ResponseCutter cutter = new ResponseCutter(marker);
            byte[] buffer = new byte[BUFFER];
            try {
                InputStream in = server.getInputStream();
                OutputStream out = client.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    ResponseCutter.Step step = cutter.feed(buffer, n);
                    out.write(step.forward());
                    out.flush();
                    if (step.reset()) {
                        resetBoth();
                        return;
                    }
                }
                client.shutdownOutput();
                pumpDone();
            } catch (IOException e) {
                closeBoth();
            }
        }

        private void pumpDone() {
            if (pumpsDone.incrementAndGet() == 2) {
                closeBoth();
            }
        }

        /** RST instead of FIN: a linger of zero drops the connection, as a crashed server or a middlebox does. */
        private void resetBoth() {
            reset(client);
            reset(server);
        }

        private void reset(Socket socket) {
            try {
                socket.setSoLinger(true, 0);
            } catch (SocketException e) {
                LOG.log(Level.FINE, "cannot set linger 0, the connection closes normally", e);
            }
            quietlyClose(socket);
        }

        private void closeBoth() {
            quietlyClose(client);
            quietlyClose(server);
        }
    }

    private void quietlyClose(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing a proxied connection", e);
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Stops accepting and closes every proxied connection; the pump threads end on their closed sockets. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the fault proxy's listener", e);
        }
        for (Socket socket : open) {
            quietlyClose(socket);
        }
    }
}
