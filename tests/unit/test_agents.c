/* test_agents.c: struct-of-arrays agent storage (agents.h). */
#include "agents.h"
#include "check.h"

#include <stdint.h>

/* Fill agent i with values derived from tag, so a moved agent can be recognised. */
static void put(mig_agents *a, size_t i, uint64_t tag, mig_state st)
{
    a->key[i] = tag * 1000003u;
    a->where[i] = (int32_t)tag - 50;
    a->days_left[i] = (uint16_t)(tag * 3);
    a->depart_day[i] = (uint16_t)(tag + 7);
    a->money[i] = (float)tag * 1.5f;
    a->state[i] = (uint8_t)st;
    a->nat[i] = (uint8_t)(tag % 64);
    a->channel[i] = (uint8_t)(tag % 8);
    a->dest[i] = (uint8_t)(tag % 32);
    a->attempts[i] = (uint8_t)(tag % 255);
    a->flags[i] = (uint8_t)(tag ^ 0x5a);
    a->group[i] = (uint16_t)(tag * 5 + 1);
}

static int same(const mig_agents *a, size_t i, uint64_t tag)
{
    return a->key[i] == tag * 1000003u && a->where[i] == (int32_t)tag - 50 && a->days_left[i] == (uint16_t)(tag * 3)
        && a->depart_day[i] == (uint16_t)(tag + 7) && a->money[i] == (float)tag * 1.5f && a->nat[i] == tag % 64
        && a->channel[i] == tag % 8 && a->dest[i] == tag % 32 && a->attempts[i] == tag % 255
        && a->flags[i] == (uint8_t)(tag ^ 0x5a) && a->group[i] == (uint16_t)(tag * 5 + 1);
}

static void test_bytes(void)
{
    mig_agents a;
    size_t per = sizeof *a.key + sizeof *a.where + sizeof *a.days_left + sizeof *a.depart_day + sizeof *a.money
        + sizeof *a.state + sizeof *a.nat + sizeof *a.channel + sizeof *a.dest + sizeof *a.attempts
        + sizeof *a.flags + sizeof *a.group;
    CHECK(mig_agents_bytes_per_agent() <= 64);
    CHECK_EQ(mig_agents_bytes_per_agent(), per);  /* the figure matches the struct */
    CHECK(strcmp(mig_state_names[MIG_ST_RECEPTION], "in_reception") == 0);
    for (int s = 0; s < MIG_N_STATES; s++)
        CHECK(mig_state_names[s] != NULL && mig_state_names[s][0] != 0);
}

static void test_reserve(void)
{
    mig_agents a;
    mig_agents_init(&a);
    CHECK(a.n == 0 && a.cap == 0 && a.key == NULL);
    CHECK(mig_agents_reserve(&a, 0) == 0);
    CHECK(mig_agents_reserve(&a, 10) == 0);
    CHECK(a.cap >= 10);
    CHECK(a.key && a.where && a.days_left && a.depart_day && a.money && a.state && a.nat && a.channel && a.dest
          && a.attempts && a.flags);
    for (size_t i = 0; i < 10; i++)
        put(&a, i, i, MIG_ST_WAITING);
    a.n = 10;
    size_t cap = a.cap;
    CHECK(mig_agents_reserve(&a, cap - 10) == 0);
    CHECK(a.cap == cap);  /* enough room: no growth */
    /* Growing keeps what is there. */
    CHECK(mig_agents_reserve(&a, 100000) == 0);
    CHECK(a.cap >= 100010);
    int kept = 1;
    for (size_t i = 0; i < 10; i++)
        kept &= same(&a, i, i);
    CHECK(kept);
    /* and the new room is writable (under ASan this would catch a short array) */
    for (size_t i = 10; i < 100010; i++)
        put(&a, i, i, MIG_ST_TRAVELLING);
    a.n = 100010;
    CHECK(same(&a, 100009, 100009));
    mig_agents_destroy(&a);
    CHECK(a.n == 0 && a.cap == 0 && a.key == NULL && a.flags == NULL);
    mig_agents_destroy(&a);  /* twice is harmless */
}

static void test_compact(void)
{
    mig_agents a;
    mig_agents_init(&a);
    mig_agents_compact(&a);  /* empty */
    CHECK(a.n == 0);
    enum { N = 1000 };
    CHECK(mig_agents_reserve(&a, N) == 0);
    size_t expect_n = 0;
    for (size_t i = 0; i < N; i++) {
        mig_state st = (mig_state)((i * 7 + i / 3) % MIG_N_STATES);
        put(&a, i, i, st);
        expect_n += st < MIG_ST_ARRIVED;
    }
    a.n = N;
    mig_agents_compact(&a);
    CHECK_EQ(a.n, expect_n);
    /* survivors keep their order and every field; no terminal state remains */
    size_t j = 0;
    int ok = 1;
    for (size_t i = 0; i < N; i++) {
        mig_state st = (mig_state)((i * 7 + i / 3) % MIG_N_STATES);
        if (st >= MIG_ST_ARRIVED)
            continue;
        ok &= j < a.n && same(&a, j, i) && a.state[j] == st;
        j++;
    }
    CHECK(ok);
    int terminal = 0;
    for (size_t i = 0; i < a.n; i++)
        terminal += a.state[i] >= MIG_ST_ARRIVED;
    CHECK(terminal == 0);
    /* compacting again changes nothing */
    size_t n = a.n;
    mig_agents_compact(&a);
    CHECK(a.n == n && same(&a, 0, 0));
    /* all ended: none left */
    for (size_t i = 0; i < a.n; i++)
        a.state[i] = (uint8_t)(MIG_ST_ARRIVED + i % 3);
    mig_agents_compact(&a);
    CHECK(a.n == 0);
    mig_agents_destroy(&a);
}

int main(void)
{
    test_bytes();
    test_reserve();
    test_compact();
    return check_done("test_agents");
}
