package io.floe.persistence.leveldb;

import io.floe.persistence.AbstractNodeStorageTest;
import io.floe.persistence.NodeStorage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@code NodeStorage} contract (batches, closing) against LevelDB storage that keeps slivers in files. */
class LevelDbNodeStorageFileContractTest extends AbstractNodeStorageTest {
    @TempDir
    Path directory;

    @Override
    protected NodeStorage openStorage() throws IOException {
        return LevelDbNodeStorage.open(LevelDbSettings.defaults(directory.resolve("node/storage")).withSliverFileBytes(1));
    }
}
