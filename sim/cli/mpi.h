/* mpi.h: processes for ensembles and sweeps, when migsim is built with MPI
 * (MIG_MPI) and started by an MPI launcher; a plain `migsim ...` never
 * initialises MPI. The library does not link MPI: it gets cli_mpi_ranks(). */
#ifndef MIG_CLI_MPI_H
#define MIG_CLI_MPI_H

#include "migsim/migsim.h"

void cli_mpi_start(int *argc, char ***argv);
void cli_mpi_stop(void);
/* This process's rank and the number of processes, with the collective operations
 * (sums into rank 0, the worst status of all). */
const migsim_ranks *cli_mpi_ranks(void);

#endif
