package org.facilitymonitor.edge.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input is read ahead into a buffer. Paho reads each packet a byte at a
 * time from the socket's stream (plus an {@code available()} per packet), several system calls per
 * PUBACK; with the buffer, the PUBACKs that arrived together take one.
 */
final class ReadAheadSocketFactory extends SocketFactory {

    private static final int BUFFER_BYTES = 8_192;

    @Override
    public Socket createSocket() {
        return new ReadAheadSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = new ReadAheadSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket s = new ReadAheadSocket();
        s.bind(new InetSocketAddress(localAddress, localPort));
        s.connect(new InetSocketAddress(address, port));
        return s;
    }

    private static Socket connected(InetSocketAddress address) throws IOException {
        Socket s = new ReadAheadSocket();
        s.connect(address);
        return s;
    }

    private static final class ReadAheadSocket extends Socket {
        private InputStream input;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new ReadAheadInputStream(super.getInputStream());
            }
            return input;
        }
    }

    private static final class ReadAheadInputStream extends BufferedInputStream {
        ReadAheadInputStream(InputStream in) {
            super(in, BUFFER_BYTES);
        }

        /** What is buffered, if anything, without asking the socket (a system call). */
        @Override
        public synchronized int available() throws IOException {
            int buffered = count - pos;
            return buffered > 0 ? buffered : super.available();
        }
    }
}
