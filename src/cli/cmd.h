/* What a command's file starts from: the C headers every command uses, its option table (opts.h),
 * its outputs (output.h) and plot scripts (script.h), so each command file names only what is
 * its own. */
#ifndef VT_CLI_CMD_H
#define VT_CLI_CMD_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "output.h"
#include "script.h"

#endif
