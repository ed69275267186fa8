package io.countersign.adapters.channels.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS front for a plain test SMTP server (GreenMail speaks no STARTTLS): in STARTTLS mode it
 * greets, offers STARTTLS, refuses everything else until the client upgrades, then pipes the TLS
 * session to the backend; in implicit mode the connection is TLS from the first byte. The key is a
 * test-only certificate for localhost and 127.0.0.1, so host-name checks run as in production.
 */
final class TlsSmtpFront implements AutoCloseable {

    enum Mode { STARTTLS, IMPLICIT }

    private static final char[] PASSWORD = "test-only".toCharArray();
    private final ServerSocket server;
    private final int backendPort;
    private final Mode mode;
    private final SSLContext context;
    final AtomicInteger tlsSessions = new AtomicInteger();

    TlsSmtpFront(Mode mode, int backendPort) throws Exception {
        this.mode = mode;
        this.backendPort = backendPort;
        this.context = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore(), PASSWORD);
        context.init(kmf.getKeyManagers(), null, null);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "tls-front");
        t.setDaemon(true);
        t.start();
    }

    static KeyStore keyStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = TlsSmtpFront.class.getResourceAsStream("/tls/localhost-test.p12")) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    /** A client factory that trusts only the test certificate (as a company would trust its own CA). */
    static SSLSocketFactory trustingClient() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keyStore());
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c.getSocketFactory();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "tls-front-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        try (plain) {
            Socket client = plain;
            if (mode == Mode.STARTTLS) {
                BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = plain.getOutputStream();
                write(out, "220 front.test ESMTP\r\n");
                while (true) {
                    String line = in.readLine();
                    if (line == null) {
                        return;
                    }
                    String cmd = line.toUpperCase(java.util.Locale.ROOT);
                    if (cmd.startsWith("EHLO")) {
                        write(out, "250-front.test\r\n250-STARTTLS\r\n250 8BITMIME\r\n");
                    } else if (cmd.startsWith("STARTTLS")) {
                        write(out, "220 2.0.0 Ready to start TLS\r\n");
                        break;
                    } else if (cmd.startsWith("QUIT")) {
                        write(out, "221 bye\r\n");
                        return;
                    } else {
                        write(out, "530 5.7.0 Must issue a STARTTLS command first\r\n");
                    }
                }
            }
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(client, "localhost", client.getPort(), true);
            tls.setUseClientMode(false);
            tls.startHandshake();
            tlsSessions.incrementAndGet();
            try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
                InputStream fromBackend = backend.getInputStream();
                if (mode == Mode.STARTTLS) {
                    skipGreeting(fromBackend); // the client already had a greeting; it now sends EHLO again
                }
                Thread up = pipe(tls.getInputStream(), backend.getOutputStream());
                fromBackend.transferTo(tls.getOutputStream());
                up.join(1000);
            }
        } catch (Exception e) {
            // a client that gave up (a refused certificate, say): nothing to serve
        }
    }

    private static void skipGreeting(InputStream in) throws IOException {
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            // the backend's 220 line
        }
    }

    private static Thread pipe(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(out);
                out.close();
            } catch (IOException ignored) {
                // one side closed
            }
        }, "tls-front-pipe");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
