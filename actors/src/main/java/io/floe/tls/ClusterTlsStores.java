package io.floe.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The TLS files of a cluster in one directory: a CA of its own ({@code ca.p12}, private key and certificate; keep it
 * offline, it is needed only to add nodes), the trust store every node uses ({@code truststore.p12}, the CA's
 * certificate), one key store per node ({@code <node-id>.p12}, its key and a certificate the CA signed) and the
 * password of all of them ({@code password}). All PKCS12, keys EC P-256; created with Bouncy Castle's certificate
 * builders and the JDK's key stores. Creating again in the same directory keeps what is there and adds the nodes that
 * are missing, signed by the same CA.
 */
public final class ClusterTlsStores {
    /** The CA's key store. */
    public static final String CA_FILE = "ca.p12";
    /** The trust store of every node. */
    public static final String TRUST_STORE_FILE = "truststore.p12";
    /** The password of every store in the directory, on one line. */
    public static final String PASSWORD_FILE = "password";

    private static final String CA_ALIAS = "floe-ca";
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    /** The TLS files in {@code dir}. */
    public ClusterTlsStores(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** What {@link #create} did. */
    public record Created(boolean newCa, List<String> newNodes, List<String> keptNodes) {
    }

    public Path dir() {
        return dir;
    }

    public Path caStore() {
        return dir.resolve(CA_FILE);
    }

    public Path trustStore() {
        return dir.resolve(TRUST_STORE_FILE);
    }

    public Path passwordFile() {
        return dir.resolve(PASSWORD_FILE);
    }

    /** Node {@code nodeId}'s key store. */
    public Path keyStore(String nodeId) {
        return dir.resolve(nodeId + ".p12");
    }

    /** The password of the stores, as written in {@link #passwordFile()}. */
    public String password() throws IOException {
        return Files.readString(passwordFile(), StandardCharsets.UTF_8).strip();
    }

    /**
     * Creates the CA (unless the directory has one), the trust store and a key store for each node that has none,
     * each certificate valid for {@code validity}.
     */
    public Created create(List<String> nodeIds, Duration validity) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        boolean newCa = !Files.exists(caStore());
        if (newCa) {
            if (Files.exists(passwordFile()) || Files.exists(trustStore())) {
                throw new IOException(dir + " has a " + (Files.exists(passwordFile()) ? PASSWORD_FILE
                        : TRUST_STORE_FILE) + " but no " + CA_FILE + "; use an empty directory for a new cluster");
            }
            writePrivate(passwordFile(), newPassword().getBytes(StandardCharsets.UTF_8));
        }
        char[] password = password().toCharArray();
        KeyStore.PrivateKeyEntry ca = newCa ? newCa(validity, password) : loadCa(password);
        X509Certificate caCertificate = (X509Certificate) ca.getCertificate();
        if (newCa) {
            KeyStore trust = emptyStore();
            trust.setCertificateEntry(CA_ALIAS, caCertificate);
            write(trustStore(), trust, password, false);
        }
        List<String> created = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String nodeId : nodeIds) {
            if (Files.exists(keyStore(nodeId))) {
                kept.add(nodeId);
                continue;
            }
            KeyPair keys = newKeyPair();
            X509Certificate certificate = nodeCertificate(nodeId, keys, ca.getPrivateKey(), caCertificate, validity);
            KeyStore store = emptyStore();
            store.setKeyEntry(nodeId, keys.getPrivate(), password, new Certificate[] {certificate, caCertificate});
            write(keyStore(nodeId), store, password, true);
            created.add(nodeId);
        }
        return new Created(newCa, created, kept);
    }

    private KeyStore.PrivateKeyEntry newCa(Duration validity, char[] password) throws IOException,
            GeneralSecurityException {
        KeyPair keys = newKeyPair();
        X500Name name = new X500Name("CN=floe cluster CA " + HexFormat.of().formatHex(serial().toByteArray(), 0, 4));
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), name, keys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(keys.getPublic()));
        X509Certificate certificate = sign(builder, keys.getPrivate());
        KeyStore store = emptyStore();
        store.setKeyEntry(CA_ALIAS, keys.getPrivate(), password, new Certificate[] {certificate});
        write(caStore(), store, password, true);
        return new KeyStore.PrivateKeyEntry(keys.getPrivate(), new Certificate[] {certificate});
    }

    private KeyStore.PrivateKeyEntry loadCa(char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(caStore().toFile(), password);
        KeyStore.Entry entry = store.getEntry(CA_ALIAS, new KeyStore.PasswordProtection(password));
        if (!(entry instanceof KeyStore.PrivateKeyEntry ca)) {
            throw new IOException(caStore() + " holds no CA key named " + CA_ALIAS);
        }
        return ca;
    }

    private static X509Certificate nodeCertificate(String nodeId, KeyPair keys, PrivateKey caKey,
            X509Certificate caCertificate, Duration validity) throws IOException, GeneralSecurityException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)),
                new X500Name("CN=" + nodeId), keys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        // Each node is a TLS server for connections it accepts and a client for those it opens.
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, nodeId)));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                extensions.createAuthorityKeyIdentifier(caCertificate));
        return sign(builder, caKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign a certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static void write(Path file, KeyStore store, char[] password, boolean secret)
            throws IOException, GeneralSecurityException {
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            restrict(temporary, secret);
            try (OutputStream out = Files.newOutputStream(temporary)) {
                store.store(out, password);
            }
            moveNew(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void writePrivate(Path file, byte[] content) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            restrict(temporary, true);
            Files.write(temporary, content);
            moveNew(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Never replaces a file: a key store that exists may be in use by a node. */
    private static void moveNew(Path temporary, Path file) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "will not replace it");
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Keys and the password readable by the owner only; the trust store by anyone. */
    private static void restrict(Path file, boolean secret) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
        }
    }
}
