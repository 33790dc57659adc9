# read_migsim(path): a migsim result document as tidy data frames, on jsonlite.
#
#   source("R/read_migsim.R")
#   r <- read_migsim("cmp.json")
#   r$kind                        # "compare"
#   subset(r$totals, arm == "difference" & indicator == "arrivals" & is.na(nationality))
#
# Every document kind (run, ensemble, compare, sweep, flee-run, flee-ensemble, flee-compare,
# calibration) gives a list: kind, meta (the document's meta, as jsonlite reads it) and the
# tables the document has, with the columns and rows of the Python package's tables
# (docs/python.md; tests/python checks that the two agree):
#   monthly, daily   [arm,] series, nationality, border, ... (the levels present), month | date,
#                    value (a run) or mean, sd, lo, hi [, q025, q10, q50, q90, q975]
#   totals           [arm,] indicator, level columns, value or mean, sd, lo, hi
#   totals_by_year   [arm,] year, then as totals (each calendar year's reported days)
#   totals_window    [arm,] from, to, then as totals (made with --window FROM:TO)
#   journeys         [arm,] distribution, nationality ("all": every one), bin, value or mean, sd, lo, hi
#   events           [arm,] date, label, kind, type, other fields
#   replicates       [arm,] replicate, series, levels, month, value (each replicate's series:
#                    every series with --replicate-series, else Frontex's)
#   replicate_totals, camps (Flee), runs and sobol (sweeps), posterior, posterior_summary,
#   fit, waves, generations, parameters (calibrations)
# Comparisons name each arm by its scenario and the paired difference "difference"
# ("difference:POLICY" with several policy arms).

.mig_kinds <- c("migsim-run/1" = "run", "migsim-ensemble/1" = "ensemble", "migsim-compare/1" = "compare",
                "migsim-sweep/1" = "sweep", "migsim-flee-run/1" = "flee-run",
                "migsim-flee-ensemble/1" = "flee-ensemble", "migsim-flee-compare/1" = "flee-compare",
                "migsim-calibration/1" = "calibration")

.mig_levels <- list(
  departures = c("nationality", "channel"), switched_channel = c("nationality", "channel"),
  deterred = c("nationality", "channel"), demand = "nationality",
  attempts = c("border", "nationality"), detections = c("border", "nationality"),
  pushbacks = c("border", "nationality"), registrations = c("border", "nationality"),
  detained = c("border", "nationality"), smuggled_attempts = c("border", "nationality"),
  smuggled_detections = c("border", "nationality"), waiting_at_closed = c("border", "nationality"),
  rerouted_at_closed = c("border", "nationality"), gave_up_at_closed = c("border", "nationality"),
  smuggling_unmet = "border",
  smuggling_revenue = "border", smuggling_price = "border", frontex_detections = "nationality",
  frontex_total = character(0), persons_detected = "nationality", returned = "nationality",
  arrivals = c("country", "nationality"), asylum_applications = c("country", "nationality"),
  exploitation_victims = c("country", "nationality"), groups_dismantled = "country",
  arrests_dismantling = "country", arrests_in_act = "country", group_clients = "group",
  group_revenue = "group", group_dismantled = "group", stock = "location", in_reception = "location",
  in_transit = character(0), route_entries = "route", population = "location")
.mig_level_order <- c("nationality", "border", "channel", "country", "location", "route", "group", "camp")
.mig_stats <- c("mean", "sd", "lo", "hi")
.mig_quantiles <- c("q025", "q10", "q50", "q90", "q975")

# A JSON array (a list from jsonlite) as a vector: numbers as double, null as NA.
.mig_num <- function(x) vapply(x, function(v) if (is.null(v)) NA_real_ else as.numeric(v), numeric(1))
# A scalar cell: NULL as NA, an array or object as its values joined by ";".
.mig_cell <- function(v) {
  if (is.null(v)) return(NA)
  if (is.list(v)) return(paste(unlist(v), collapse = ";"))
  v
}
.mig_is_stats <- function(x) is.list(x) && !is.null(names(x)) && "mean" %in% names(x) && is.list(x$mean)
.mig_is_leaf <- function(x) {
  .mig_is_stats(x) || (is.list(x) && is.null(names(x)) &&
                         all(vapply(x, function(v) is.null(v) || is.numeric(v), logical(1))))
}

# (keys, leaf) for every leaf under a series tree node, in document order.
.mig_cells <- function(node, keys = character(0)) {
  if (.mig_is_leaf(node)) return(list(list(keys = keys, leaf = node)))
  if (!is.list(node) || is.null(names(node))) return(list())
  out <- list()
  for (k in names(node)) out <- c(out, .mig_cells(node[[k]], c(keys, k)))
  out
}

.mig_level_names <- function(series, depth) {
  n <- .mig_levels[[series]]
  if (!is.null(n) && length(n) == depth) return(n)
  if (depth == 0) character(0) else paste0("level", seq_len(depth))
}

# (series, levels (named character), leaf) for every cell of a monthly or daily tree.
.mig_flatten <- function(tree) {
  out <- list()
  for (s in names(tree)) {
    if (s == "camps") next
    node <- tree[[s]]
    if (s == "smuggling" && !.mig_is_leaf(node)) {
      for (name in names(node)) for (c in .mig_cells(node[[name]]))
        out[[length(out) + 1]] <- list(series = paste0("smuggling.", name),
                                       lv = setNames(c$keys, .mig_level_names(name, length(c$keys))), leaf = c$leaf)
      next
    }
    for (c in .mig_cells(node))
      out[[length(out) + 1]] <- list(series = s, lv = setNames(c$keys, .mig_level_names(s, length(c$keys))),
                                     leaf = c$leaf)
  }
  out
}

# Columns collected as lists of pieces, then one data frame.
.mig_frame <- function(cols, names_) {
  df <- as.data.frame(lapply(cols[names_], function(p) unlist(p, use.names = FALSE)),
                      stringsAsFactors = FALSE, optional = TRUE)
  names(df) <- names_
  df
}
.mig_frame0 <- function(names_) {   # no rows
  df <- as.data.frame(setNames(replicate(length(names_), logical(0), simplify = FALSE), names_),
                      stringsAsFactors = FALSE, optional = TRUE)
  names(df) <- names_
  df
}

# One long table of series trees: trees is a list of list(arm, tree). Returns list(table, replicates).
.mig_series <- function(trees, index, time = "month") {
  cells <- list()
  for (t in trees) for (c in .mig_flatten(t$tree)) { c$arm <- t$arm; cells[[length(cells) + 1]] <- c }
  if (length(cells) == 0) return(list(table = NULL, replicates = NULL))
  with_arm <- any(vapply(cells, function(c) !is.null(c$arm), logical(1)))
  present <- unique(unlist(lapply(cells, function(c) names(c$lv))))
  levels <- c(intersect(.mig_level_order, present), sort(setdiff(present, .mig_level_order)))
  stats <- any(vapply(cells, function(c) .mig_is_stats(c$leaf), logical(1)))
  quants <- .mig_quantiles[vapply(.mig_quantiles, function(q)
    any(vapply(cells, function(c) .mig_is_stats(c$leaf) && q %in% names(c$leaf), logical(1))), logical(1))]
  # A plain series among statistics (a Flee ensemble's in_camps_observed) keeps its numbers in
  # a value column, empty on the other rows.
  plain <- any(vapply(cells, function(c) !.mig_is_stats(c$leaf), logical(1)))
  values <- c(if (stats) c(.mig_stats, quants), if (plain) "value")
  head <- c(if (with_arm) "arm", "series", levels)
  n <- length(index)
  cols <- setNames(replicate(length(head) + 1 + length(values), list(), simplify = FALSE), c(head, time, values))
  rcols <- setNames(replicate(length(head) + 3, list(), simplify = FALSE),
                    c(if (with_arm) "arm", "replicate", "series", levels, time, "value"))
  for (c in cells) {
    key <- c(if (with_arm) list(arm = c$arm), list(series = c$series),
             setNames(lapply(levels, function(l) if (l %in% names(c$lv)) c$lv[[l]] else NA_character_), levels))
    for (k in names(key)) cols[[k]][[length(cols[[k]]) + 1]] <- rep(key[[k]], n)
    cols[[time]][[length(cols[[time]]) + 1]] <- unlist(index)
    if (.mig_is_stats(c$leaf)) {
      for (v in values) cols[[v]][[length(cols[[v]]) + 1]] <-
          if (v == "value" || is.null(c$leaf[[v]])) rep(NA_real_, n) else .mig_num(c$leaf[[v]])
      reps <- c$leaf$replicates
      for (r in seq_along(reps)) {
        for (k in names(key)) rcols[[k]][[length(rcols[[k]]) + 1]] <- rep(key[[k]], n)
        rcols$replicate[[length(rcols$replicate) + 1]] <- rep(r - 1L, n)
        rcols[[time]][[length(rcols[[time]]) + 1]] <- unlist(index)
        rcols$value[[length(rcols$value) + 1]] <- .mig_num(reps[[r]])
      }
    } else {
      for (v in setdiff(values, "value")) cols[[v]][[length(cols[[v]]) + 1]] <- rep(NA_real_, n)
      cols$value[[length(cols$value) + 1]] <- .mig_num(c$leaf)
    }
  }
  list(table = .mig_frame(cols, names(cols)),
       replicates = if (length(rcols$value)) .mig_frame(rcols, names(rcols)) else NULL)
}

.mig_split_total <- function(key, flee = FALSE) {
  if (!grepl(".", key, fixed = TRUE)) return(list(ind = key, lv = character(0)))
  ind <- sub("\\..*$", "", key)
  s <- sub("^[^.]*\\.", "", key)
  lv <- if (flee) c(camp = s) else if (startsWith(ind, "group_")) c(group = s)
        else if (grepl("^[A-Z]{3}$", s)) c(nationality = s) else if (grepl("^[A-Z]{2}-[A-Z]{2}$", s)) c(border = s)
        else if (grepl("^[A-Z]{2}$", s)) c(country = s) else c(level1 = s)
  list(ind = ind, lv = lv)
}

# Totals: totals_list is a list of list(arm, tree[, front]); sd the Flee replicates' totals_sd;
# lead the names of the columns before indicator (year; from, to) whose values front gives.
.mig_totals <- function(totals_list, sd = NULL, flee = FALSE, lead = character(0)) {
  items <- list()
  for (t in totals_list) for (k in names(t$tree)) {
    sp <- .mig_split_total(k, flee)
    items[[length(items) + 1]] <- list(arm = t$arm, ind = sp$ind, lv = sp$lv, key = k, v = t$tree[[k]],
                                       front = t$front)
  }
  if (length(items) == 0) return(NULL)
  with_arm <- any(vapply(items, function(i) !is.null(i$arm), logical(1)))
  present <- unique(unlist(lapply(items, function(i) names(i$lv))))
  levels <- intersect(c("nationality", "border", "country", "group", "camp", "level1"), present)
  dicts <- any(vapply(items, function(i) is.list(i$v), logical(1)))
  values <- if (dicts) .mig_stats else if (!is.null(sd)) c("mean", "sd") else "value"
  names_ <- c(if (with_arm) "arm", lead, "indicator", levels, values)
  cols <- setNames(replicate(length(names_), list(), simplify = FALSE), names_)
  for (i in items) {
    if (with_arm) cols$arm[[length(cols$arm) + 1]] <- i$arm
    for (j in seq_along(lead)) cols[[lead[j]]][[length(cols[[lead[j]]]) + 1]] <- i$front[[j]]
    cols$indicator[[length(cols$indicator) + 1]] <- i$ind
    for (l in levels) cols[[l]][[length(cols[[l]]) + 1]] <- if (l %in% names(i$lv)) i$lv[[l]] else NA_character_
    vals <- if (is.list(i$v)) lapply(values, function(s) .mig_cell(i$v[[s]]))
            else if (!is.null(sd)) list(i$v, .mig_cell(sd[[i$key]])) else list(i$v)
    for (j in seq_along(values)) cols[[values[j]]][[length(cols[[values[j]]]) + 1]] <- as.numeric(vals[[j]])
  }
  .mig_frame(cols, names_)
}

# totals_by_year: blocks is a list of list(arm, tree = {year: totals}); the year an integer.
.mig_by_year <- function(blocks) {
  tl <- list()
  for (b in blocks) for (y in names(b$tree))
    tl[[length(tl) + 1]] <- list(arm = b$arm, tree = b$tree[[y]], front = list(as.integer(y)))
  .mig_totals(tl, lead = "year")
}

# totals_window: the window's from and to (meta.window) before indicator.
.mig_window <- function(blocks, window) {
  if (is.null(window) || length(blocks) == 0) return(NULL)
  .mig_totals(lapply(blocks, function(b) list(arm = b$arm, tree = b$tree, front = list(window$from, window$to))),
              lead = c("from", "to"))
}

# replicate_series.monthly trees (list of list(arm, tree)) as [arm,] replicate, series, levels,
# month, value, replicate by replicate (migsim export --table replicates_monthly).
.mig_is_rep_leaf <- function(x) is.list(x) && is.null(names(x)) && length(x) > 0 &&
  all(vapply(x, function(v) is.list(v) && is.null(names(v)), logical(1)))
.mig_rep_series <- function(trees, months) {
  cells <- list()
  for (t in trees) {
    tree <- t$tree
    for (s in names(tree)) {
      node <- tree[[s]]
      subs <- if (s == "smuggling" && !.mig_is_rep_leaf(node))
        setNames(lapply(names(node), function(n) node[[n]]), paste0("smuggling.", names(node)))
        else setNames(list(node), s)
      for (series in names(subs)) {
        base <- sub("^smuggling\\.", "", series)
        walk <- function(x, keys) {
          if (.mig_is_rep_leaf(x)) {
            cells[[length(cells) + 1]] <<- list(arm = t$arm, series = series,
                                                lv = setNames(keys, .mig_level_names(base, length(keys))), leaf = x)
          } else if (is.list(x) && !is.null(names(x))) for (k in names(x)) walk(x[[k]], c(keys, k))
        }
        walk(subs[[series]], character(0))
      }
    }
  }
  if (length(cells) == 0) return(NULL)
  with_arm <- any(vapply(cells, function(c) !is.null(c$arm), logical(1)))
  present <- unique(unlist(lapply(cells, function(c) names(c$lv))))
  levels <- c(intersect(.mig_level_order, present), sort(setdiff(present, .mig_level_order)))
  names_ <- c(if (with_arm) "arm", "replicate", "series", levels, "month", "value")
  cols <- setNames(replicate(length(names_), list(), simplify = FALSE), names_)
  n <- length(months)
  arms <- unique(lapply(cells, function(c) c$arm))
  n_reps <- max(vapply(cells, function(c) length(c$leaf), integer(1)))
  add <- function(k, v) cols[[k]][[length(cols[[k]]) + 1]] <<- v
  for (a in arms) for (r in seq_len(n_reps)) for (c in cells) {
    if (!identical(c$arm, a) || r > length(c$leaf)) next
    if (with_arm) add("arm", rep(c$arm, n))
    add("replicate", rep(r - 1L, n))
    add("series", rep(c$series, n))
    for (l in levels) add(l, rep(if (l %in% names(c$lv)) c$lv[[l]] else NA_character_, n))
    add("month", unlist(months))
    add("value", .mig_num(c$leaf[[r]]))
  }
  .mig_frame(cols, names_)
}

# journeys (blocks: list of list(arm, tree = journeys)) as [arm,] distribution, nationality
# ("all" for every nationality), bin, value (a run) or mean, sd, lo, hi.
.mig_journeys <- function(blocks) {
  items <- list()
  for (b in blocks) for (d in names(b$tree)) {
    dist <- b$tree[[d]]
    groups <- c(list(all = dist$all), dist$by_nationality)
    for (nat in names(groups)) if (!is.null(groups[[nat]]))
      items[[length(items) + 1]] <- list(arm = b$arm, dist = d, nat = nat, bins = unlist(dist$bins), node = groups[[nat]])
  }
  if (length(items) == 0) return(NULL)
  with_arm <- any(vapply(items, function(i) !is.null(i$arm), logical(1)))
  stats <- any(vapply(items, function(i) !is.null(names(i$node)), logical(1)))
  values <- if (stats) .mig_stats else "value"
  names_ <- c(if (with_arm) "arm", "distribution", "nationality", "bin", values)
  cols <- setNames(replicate(length(names_), list(), simplify = FALSE), names_)
  for (i in items) {
    n <- length(i$bins)
    if (with_arm) cols$arm[[length(cols$arm) + 1]] <- rep(i$arm, n)
    cols$distribution[[length(cols$distribution) + 1]] <- rep(i$dist, n)
    cols$nationality[[length(cols$nationality) + 1]] <- rep(i$nat, n)
    cols$bin[[length(cols$bin) + 1]] <- i$bins
    for (v in values) cols[[v]][[length(cols[[v]]) + 1]] <- .mig_num(if (stats) i$node[[v]] else i$node)
  }
  .mig_frame(cols, names_)
}

# A list of flat records as a data frame (columns in first-seen order; arrays and objects left out).
.mig_records <- function(recs, extra_first = NULL) {
  if (length(recs) == 0) return(NULL)
  names_ <- character(0)
  for (r in recs) for (k in names(r)) if (!(k %in% names_) && !is.list(r[[k]])) names_ <- c(names_, k)
  cols <- lapply(setNames(names_, names_), function(k) lapply(recs, function(r) .mig_cell(r[[k]])))
  .mig_frame(cols, names_)
}

.mig_events <- function(events_list) {
  recs <- list()
  with_arm <- any(vapply(events_list, function(e) !is.null(e$arm), logical(1)))
  for (e in events_list) for (ev in e$events) {
    recs[[length(recs) + 1]] <- c(if (!is.null(e$arm)) list(arm = e$arm), list(date = ev$date, label = ev$label,
                                  kind = ev$kind, type = ev$type), ev)
  }
  base <- c(if (with_arm) "arm", "date", "label", "kind", "type")
  if (length(recs) == 0) return(.mig_frame0(base))
  names_ <- base
  for (r in recs) for (k in names(r)) if (!(k %in% names_)) names_ <- c(names_, k)
  cols <- lapply(setNames(names_, names_), function(k) lapply(recs, function(r) .mig_cell(r[[k]])))
  .mig_frame(cols, names_)
}

.mig_replicate_totals <- function(reps_list) {
  rows <- list()
  for (a in reps_list) for (r in seq_along(a$reps)) {
    rec <- a$reps[[r]]
    for (k in names(rec$totals)) {
      sp <- .mig_split_total(k)
      rows[[length(rows) + 1]] <- list(arm = a$arm, replicate = r - 1L, seed = .mig_cell(rec$seed),
                                       particle = .mig_cell(rec$particle), indicator = sp$ind, lv = sp$lv,
                                       value = rec$totals[[k]])
    }
  }
  if (length(rows) == 0) return(NULL)
  with_arm <- any(vapply(rows, function(r) !is.null(r$arm), logical(1)))
  present <- unique(unlist(lapply(rows, function(r) names(r$lv))))
  levels <- intersect(c("nationality", "border", "country", "group", "level1"), present)
  names_ <- c(if (with_arm) "arm", "replicate", "seed", "particle", "indicator", levels, "value")
  cols <- lapply(setNames(names_, names_), function(k) lapply(rows, function(r)
    if (k %in% levels) (if (k %in% names(r$lv)) r$lv[[k]] else NA_character_) else r[[k]]))
  .mig_frame(cols, names_)
}

.mig_camps <- function(trees, dates) {
  rows <- list()
  for (t in trees) for (camp in names(t$tree$camps)) {
    node <- t$tree$camps[[camp]]
    n <- length(dates)
    obs <- if (is.null(node$observed)) rep(NA_real_, n) else .mig_num(node$observed)
    stats <- .mig_is_stats(node)
    piece <- c(if (!is.null(t$arm)) list(arm = rep(t$arm, n)), list(date = unlist(dates), camp = rep(camp, n)),
               if (stats) lapply(setNames(.mig_stats, .mig_stats), function(s) .mig_num(node[[s]]))
               else list(simulated = .mig_num(node$simulated)), list(observed = obs))
    rows[[length(rows) + 1]] <- as.data.frame(piece, stringsAsFactors = FALSE, optional = TRUE)
  }
  if (length(rows) == 0) return(NULL)
  do.call(rbind, rows)
}

.mig_diff_name <- function(doc, policy) if (length(doc$differences) == 1) "difference" else paste0("difference:", policy)

.mig_compare_trees <- function(doc, part) {
  out <- list()
  for (name in names(doc$arms)) if (length(doc$arms[[name]][[part]]))
    out[[length(out) + 1]] <- list(arm = name, tree = doc$arms[[name]][[part]])
  for (p in names(doc$differences)) if (length(doc$differences[[p]][[part]]))
    out[[length(out) + 1]] <- list(arm = .mig_diff_name(doc, p), tree = doc$differences[[p]][[part]])
  out
}

read_migsim <- function(path) {
  if (!requireNamespace("jsonlite", quietly = TRUE))
    stop("read_migsim needs the R package jsonlite: apt-get install r-cran-jsonlite (Debian), ",
         "or install.packages(\"jsonlite\")", call. = FALSE)
  if (!file.exists(path)) stop(path, ": no such file", call. = FALSE)
  doc <- tryCatch(jsonlite::fromJSON(path, simplifyVector = FALSE),
                  error = function(e) stop(path, ": not a JSON document (", conditionMessage(e), ")", call. = FALSE))
  schema <- if (is.list(doc) && !is.null(doc$schema)) doc$schema else ""
  if (!(schema %in% names(.mig_kinds)))
    stop(path, ": not a migsim document (\"schema\" is '", schema, "'; known: ",
         paste(names(.mig_kinds), collapse = ", "), ")", call. = FALSE)
  kind <- .mig_kinds[[schema]]
  meta <- doc$meta
  months <- doc$months
  dates <- doc$dates
  tb <- list()
  single <- function(tree) list(list(arm = NULL, tree = tree))
  if (kind %in% c("run", "ensemble")) {
    s <- .mig_series(single(doc$monthly), months)
    tb$monthly <- s$table
    tb$replicates <- s$replicates
    tb$daily <- .mig_series(single(doc$daily), dates, "date")$table
    tb$totals <- .mig_totals(single(doc$totals))
    tb$totals_by_year <- .mig_by_year(single(doc$totals_by_year))
    if (!is.null(doc$totals_window)) tb$totals_window <- .mig_window(single(doc$totals_window), meta$window)
    tb$journeys <- .mig_journeys(single(doc$journeys))
    if (length(doc$replicate_series)) tb$replicates <- .mig_rep_series(single(doc$replicate_series$monthly), months)
    ev <- if (!is.null(meta$events)) meta$events else meta$events_replicate_0
    tb$events <- .mig_events(list(list(arm = NULL, events = ev)))
    tb$replicate_totals <- .mig_replicate_totals(list(list(arm = NULL, reps = doc$replicate_totals)))
  } else if (kind == "compare") {
    s <- .mig_series(.mig_compare_trees(doc, "monthly"), months)
    tb$monthly <- s$table
    tb$replicates <- s$replicates
    tb$daily <- .mig_series(.mig_compare_trees(doc, "daily"), dates, "date")$table
    tb$totals <- .mig_totals(.mig_compare_trees(doc, "totals"))
    tb$totals_by_year <- .mig_by_year(.mig_compare_trees(doc, "totals_by_year"))
    tb$totals_window <- .mig_window(.mig_compare_trees(doc, "totals_window"), meta$window)
    tb$journeys <- .mig_journeys(.mig_compare_trees(doc, "journeys"))
    reps <- Filter(function(b) length(b$tree) > 0, lapply(names(doc$arms), function(n)
      list(arm = n, tree = doc$arms[[n]]$replicate_series$monthly)))
    if (length(reps)) tb$replicates <- .mig_rep_series(reps, months)
    tb$events <- .mig_events(lapply(meta$arms, function(a) list(arm = a$name, events = a$events_replicate_0)))
    tb$replicate_totals <- .mig_replicate_totals(lapply(names(doc$arms), function(n)
      list(arm = n, reps = doc$arms[[n]]$replicate_totals)))
  } else if (kind %in% c("flee-run", "flee-ensemble")) {
    tb$daily <- .mig_series(single(doc$daily), dates, "date")$table
    tb$camps <- .mig_camps(single(doc$daily), dates)
    tb$totals <- .mig_totals(single(doc$totals), sd = doc$totals_sd, flee = TRUE)
    tb$events <- .mig_events(list(list(arm = NULL, events = meta$events)))
    reps <- doc$replicate_totals
    if (is.list(reps) && length(reps)) {
      tb$replicate_totals <- do.call(rbind, lapply(names(reps), function(k)
        data.frame(replicate = seq_along(reps[[k]]) - 1L, indicator = k, value = .mig_num(reps[[k]]),
                   stringsAsFactors = FALSE)))
    }
  } else if (kind == "flee-compare") {
    tr <- .mig_compare_trees(doc, "daily")
    tb$daily <- .mig_series(tr, dates, "date")$table
    tb$camps <- .mig_camps(tr, dates)
    tb$totals <- .mig_totals(.mig_compare_trees(doc, "totals"), flee = TRUE)
    tb$events <- .mig_events(lapply(meta$arms, function(a)
      list(arm = a$name, events = if (length(a$events)) a$events else a$events_replicate_0)))
  } else if (kind == "sweep") {
    cols <- unlist(doc$columns)
    runs <- as.data.frame(do.call(rbind, lapply(doc$rows, .mig_num)), optional = TRUE)
    names(runs) <- cols
    tb$runs <- runs
    if (length(doc$sobol)) {
      rows <- list()
      for (o in names(doc$sobol)) for (p in names(doc$sobol[[o]])) for (i in c("first", "total"))
        rows[[length(rows) + 1]] <- data.frame(output = o, parameter = p, index = i,
                                               value = as.numeric(doc$sobol[[o]][[p]][[i]]), stringsAsFactors = FALSE)
      tb$sobol <- do.call(rbind, rows)
    }
  } else if (kind == "calibration") {
    post <- doc$posterior
    if (length(post$samples)) {
      m <- do.call(rbind, lapply(post$samples, .mig_num))
      df <- data.frame(particle = seq_along(post$weights) - 1L, weight = .mig_num(post$weights))
      df <- cbind(df, setNames(as.data.frame(m), unlist(post$parameters)))
      if (length(post$dispersion)) df$dispersion <- .mig_num(post$dispersion)
      tb$posterior <- df
    }
    tb$posterior_summary <- .mig_records(post$summary)
    tb$fit <- .mig_records(doc$fit)
    waves <- doc$history_matching$waves
    if (length(waves)) {
      rows <- list()
      for (w in waves) for (i in w$implausibility)
        rows[[length(rows) + 1]] <- list(wave = w$wave, target = i$target, summary = i$summary, min = i$min,
                                         median = i$median, share_below_cutoff = i$share_below_cutoff,
                                         region_share = w$region_share)
      tb$waves <- .mig_records(rows)
    }
    tb$generations <- .mig_records(doc$abc_smc$generations)
    tb$parameters <- .mig_records(lapply(doc$parameters, function(p)
      c(list(name = p$name), setNames(p$prior, paste0("prior_", names(p$prior))),
        list(scenario_value = p$scenario_value))))
  }
  tb <- Filter(Negate(is.null), tb)
  c(list(kind = kind, meta = meta), tb)
}
