package io.floe.cli;

import io.floe.client.NodeApiClients;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.encoding.EncodingConfig;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code floe info}: the current committee and what its shard count means for quorums and blob sizes. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        versionProvider = FloeCli.Version.class,
        description = {
            "Shows the current epoch and committee (nodes, their shards and URLs), n, f and the quorums, the"
                    + " largest blob n shards can hold, and with --size the encoded size of a blob of that size."
        })
public final class InfoCommand extends FloeCommand {
    @Option(names = "--size", paramLabel = "SIZE", converter = Sizes.Converter.class,
            description = "Also show what a blob of SIZE takes once encoded, e.g. 64MiB, 1.5GiB, 1000.")
    Long size;

    @Option(names = "--json", description = "Print one JSON object instead of lines for people.")
    boolean json;

    @Mixin
    NodeApiOptions nodes;

    /** One member of the committee. */
    record Member(String nodeId, String apiUrl, String publicKey, int shardCount, List<Integer> shards) {
    }

    /** What a blob of {@code unencodedSize} bytes takes; sizes in bytes. */
    record Encoded(long unencodedSize, boolean fits, Long encodedSize, Integer symbolSize, Double expansion) {
    }

    /**
     * What {@code --json} prints. Quorums are in shards: validity {@code f+1}, quorum {@code 2f+1}; a read needs the
     * primary slivers of {@code n-2f} shards; {@code maxBlobSize} is what {@code n} shards hold (a publisher's
     * {@code floe.max-blob-size} may be lower).
     */
    record Info(long epoch, int nShards, int faulty, int validityShards, int quorumShards, int readShards,
            long maxBlobSize, List<Member> members, Encoded size) {
    }

    @Override
    protected int run() {
        if (size != null && size < 0) {
            throw new CommandFailure(ExitCodes.USAGE, "--size must not be negative");
        }
        List<String> urls = nodes.urls();
        Committee committee;
        try (NodeApiClients clients = nodes.clients()) {
            committee = NodeApiOptions.committee(clients, urls);
        }
        EncodingConfig config = EncodingConfig.forShards(committee.shards());
        List<Member> members = committee.members().stream().map(member -> new Member(member.nodeId(),
                member.apiUrl(), member.publicKey().toString(), member.weight(), member.shards())).toList();
        Encoded encoded = size == null ? null : encoded(config, size);
        int f = committee.faulty();
        Info info = new Info(committee.epoch(), committee.shards(), f, f + 1, 2 * f + 1, committee.shards() - 2 * f,
                config.maxBlobSize(), members, encoded);
        if (json) {
            CliJson.print(out(), info);
        } else {
            print(info);
        }
        return encoded == null || encoded.fits() ? ExitCodes.OK : ExitCodes.BLOB_TOO_LARGE;
    }

    private static Encoded encoded(EncodingConfig config, long size) {
        if (!config.fits(size)) {
            return new Encoded(size, false, null, null, null);
        }
        long encodedSize = config.encodedLength(size);
        return new Encoded(size, true, encodedSize, config.symbolSize(size),
                size == 0 ? null : Math.round(encodedSize * 100.0 / size) / 100.0);
    }

    private void print(Info info) {
        out().println("epoch:              " + info.epoch());
        out().println("shards:             n = " + info.nShards() + ", f = " + info.faulty() + " may be faulty");
        out().println("quorums:            validity " + info.validityShards() + " shards (> f), quorum "
                + info.quorumShards() + " shards (> 2f), a read needs " + info.readShards() + " (n - 2f)");
        out().println("maximum blob size:  " + Sizes.describe(info.maxBlobSize()) + " (what " + info.nShards()
                + " shards hold; a publisher's floe.max-blob-size may be lower)");
        if (info.size() != null) {
            Encoded encoded = info.size();
            out().println("encoded size:       " + (encoded.fits()
                    ? Sizes.describe(encoded.encodedSize()) + " for " + Sizes.human(encoded.unencodedSize())
                            + (encoded.expansion() == null ? ""
                                    : String.format(Locale.ROOT, " (%.2f×)", encoded.expansion()))
                    : Sizes.human(encoded.unencodedSize()) + " does not fit: the maximum is "
                            + Sizes.human(info.maxBlobSize())));
        }
        out().println("committee:          " + info.members().size() + (info.members().size() == 1 ? " node"
                : " nodes"));
        for (Member member : info.members()) {
            out().println("  " + member.nodeId() + "  " + member.shardCount() + " shards  " + member.apiUrl()
                    + "  shards " + ranges(member.shards()));
        }
    }

    /** {@code 0-3, 7, 9-10}: a sorted shard list, short. */
    static String ranges(List<Integer> shards) {
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < shards.size()) {
            int j = i;
            while (j + 1 < shards.size() && shards.get(j + 1) == shards.get(j) + 1) {
                j++;
            }
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(shards.get(i));
            if (j > i) {
                text.append('-').append(shards.get(j));
            }
            i = j + 1;
        }
        return text.length() == 0 ? "none" : text.toString();
    }
}
