/* mpi.c: ranks split replicates or design points; rank 0 sums the accumulators
 * and writes the same bytes a single process writes (see mpi.h). */
#include "mpi.h"

#include <stdlib.h>

static migsim_ranks ranks = { .rank = 0, .size = 1 };

#ifdef MIG_MPI
#include <limits.h>
#include <mpi.h>
static int mpi_on;

static void sum(void *buf, size_t n, MPI_Datatype type, size_t elem)
{
    for (size_t done = 0; done < n;) {
        int count = n - done > (size_t)INT_MAX ? INT_MAX : (int)(n - done);
        char *p = (char *)buf + done * elem;
        MPI_Reduce(ranks.rank == 0 ? MPI_IN_PLACE : p, p, count, type, MPI_SUM, 0, MPI_COMM_WORLD);
        done += (size_t)count;
    }
}

static void sum_i64(void *user, int64_t *buf, size_t n)
{
    (void)user;
    sum(buf, n, MPI_INT64_T, sizeof *buf);
}

static void sum_f64(void *user, double *buf, size_t n)
{
    (void)user;
    sum(buf, n, MPI_DOUBLE, sizeof *buf);
}

/* Sums on every rank: a calibration's next step needs every simulation. Each
 * value comes from one rank and is 0 on the others, so the sum is exact. */
static void all_f64(void *user, double *buf, size_t n)
{
    (void)user;
    for (size_t done = 0; done < n;) {
        int count = n - done > (size_t)INT_MAX ? INT_MAX : (int)(n - done);
        MPI_Allreduce(MPI_IN_PLACE, buf + done, count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        done += (size_t)count;
    }
}

/* The worst status of all ranks, so that all stop together. */
static int agree(void *user, int status)
{
    (void)user;
    int all = status;
    MPI_Allreduce(&status, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return all;
}

void cli_mpi_start(int *argc, char ***argv)
{
    if (!getenv("OMPI_COMM_WORLD_SIZE") && !getenv("PMI_SIZE") && !getenv("PMIX_RANK"))
        return;
    int provided;
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);  /* MPI from the main thread only */
    mpi_on = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &ranks.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks.size);
    ranks.sum_i64 = sum_i64;
    ranks.sum_f64 = sum_f64;
    ranks.agree = agree;
    ranks.all_f64 = all_f64;
}

void cli_mpi_stop(void)
{
    if (mpi_on)
        MPI_Finalize();
}
#else
void cli_mpi_start(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
}

void cli_mpi_stop(void) {}
#endif

const migsim_ranks *cli_mpi_ranks(void)
{
    return &ranks;
}
