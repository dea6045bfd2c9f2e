package io.backline.store;

import static io.backline.store.StoreFixtures.T0;
import static io.backline.store.StoreFixtures.at;
import static io.backline.store.StoreFixtures.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** API tokens: stored by the hash of their secret, listed, deleted. */
interface TokensContract extends StoreContractSupport {

    @Test
    default void insertedTokenIsFoundByItsHash() {
        var admin = token("tok1", "a".repeat(64));
        writeAll(tx -> tx.insertToken(admin));

        assertThat(store().read((StoreTx tx) -> tx.tokenByHash("a".repeat(64)))).contains(admin);
    }

    @Test
    default void anUnknownHashFindsNothing() {
        writeAll(tx -> tx.insertToken(token("tok1", "a".repeat(64))));

        assertThat(store().read((StoreTx tx) -> tx.tokenByHash("b".repeat(64)))).isEmpty();
        assertThat(store().read((StoreTx tx) -> tx.tokenByHash("A".repeat(64)))).isEmpty();
    }

    @Test
    default void restrictedServicesRoundTripInOrder() {
        writeAll(tx -> {
            tx.insertToken(token("tok1", "h1", T0, List.of("svcB", "svcA")));
            tx.insertToken(token("tok2", "h2", T0, List.of()));
        });

        assertThat(store().read((StoreTx tx) -> tx.tokenByHash("h1")).orElseThrow().services()).containsExactly("svcB", "svcA");
        assertThat(store().read((StoreTx tx) -> tx.tokenByHash("h2")).orElseThrow().services()).isEmpty();
    }

    @Test
    default void tokensListInCreationOrderThenById() {
        writeAll(tx -> {
            tx.insertToken(token("c", "h3", at(0), List.of()));
            tx.insertToken(token("a", "h1", at(10), List.of()));
            tx.insertToken(token("b", "h2", at(0), List.of()));
        });

        assertThat(store().read(StoreTx::tokens).stream().map(Token::id)).containsExactly("b", "c", "a");
    }

    @Test
    default void deleteRemovesTheTokenAndSaysWhetherThereWasOne() {
        writeAll(tx -> {
            tx.insertToken(token("tok1", "h1"));
            tx.insertToken(token("tok2", "h2"));
        });

        assertThat(store().write((StoreTx tx) -> tx.deleteToken("tok1"))).isTrue();
        assertThat(store().write((StoreTx tx) -> tx.deleteToken("tok1"))).isFalse();
        assertThat(store().read((StoreTx tx) -> tx.tokenByHash("h1"))).isEmpty();
        assertThat(store().read(StoreTx::tokens).stream().map(Token::id)).containsExactly("tok2");
    }

    @Test
    default void aSecondTokenWithTheSameHashIsRefused() {
        writeAll(tx -> tx.insertToken(token("tok1", "h1")));

        assertThatThrownBy(() -> writeAll(tx -> tx.insertToken(token("tok2", "h1")))).isInstanceOf(StoreException.class);
        assertThat(store().read(StoreTx::tokens).stream().map(Token::id)).containsExactly("tok1");
    }
}
