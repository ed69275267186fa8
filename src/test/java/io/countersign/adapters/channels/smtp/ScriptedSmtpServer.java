package io.countersign.adapters.channels.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An SMTP server that misbehaves on cue: answers RCPT TO and the end of DATA with a chosen reply,
 * or drops the connection right after the data was sent (the moment a message may or may not have
 * been accepted), or accepts connections and never says a word.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    static final String DROP = "<drop>";
    static final String SILENT = "<silent>";

    private final ServerSocket server;
    private final String rcptReply;
    private final String dataReply;
    volatile int dataReceived;

    ScriptedSmtpServer(String rcptReply, String dataReply) throws IOException {
        this.rcptReply = rcptReply;
        this.dataReply = dataReply;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::loop, "scripted-smtp");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void loop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "scripted-smtp-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            if (SILENT.equals(dataReply)) {
                Thread.sleep(60_000);
                return;
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            say(out, "220 scripted.test ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String cmd = line.toUpperCase(Locale.ROOT);
                if (cmd.startsWith("EHLO") || cmd.startsWith("HELO")) {
                    say(out, "250 scripted.test");
                } else if (cmd.startsWith("MAIL")) {
                    say(out, "250 2.1.0 Ok");
                } else if (cmd.startsWith("RCPT")) {
                    say(out, rcptReply);
                } else if (cmd.startsWith("DATA")) {
                    say(out, "354 End data with <CR><LF>.<CR><LF>");
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        // the message
                    }
                    dataReceived++;
                    if (DROP.equals(dataReply)) {
                        return;
                    }
                    say(out, dataReply);
                } else if (cmd.startsWith("QUIT")) {
                    say(out, "221 bye");
                    return;
                } else {
                    say(out, "250 Ok");
                }
            }
        } catch (IOException | InterruptedException ignored) {
            // the client went away
        }
    }

    private static void say(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
