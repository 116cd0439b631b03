package org.facilitymonitor.mqtt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input is buffered. Paho reads each packet's header one byte at a time
 * from the socket's stream: a system call per byte, four or five per message, without this. Its
 * receiver also asks {@code available()} before every packet, only to set a state nothing reads;
 * {@link ReadAhead} answers from its buffer instead of asking the socket (a system call per message).
 */
final class BufferedSocketFactory extends SocketFactory {

    private static final int BUFFER_BYTES = 64 * 1024;

    @Override
    public Socket createSocket() {
        return new BufferedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private static Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = new BufferedSocket();
        if (local != null) {
            socket.bind(local);
        }
        socket.connect(remote);
        return socket;
    }

    private static final class BufferedSocket extends Socket {
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new ReadAhead(super.getInputStream());
            }
            return in;
        }
    }

    /** Bytes read ahead count as available; the socket is not asked (an estimate, as the contract allows). */
    static final class ReadAhead extends BufferedInputStream {
        ReadAhead(InputStream socket) {
            super(socket, BUFFER_BYTES);
        }

        @Override
        public synchronized int available() throws IOException {
            if (in == null) {
                throw new IOException("Stream closed");
            }
            return count - pos;
        }
    }
}
