/** The simulator's options as `serve` and `core` both describe them in their --help (one text, so they cannot drift). */
export const SIMULATOR_OPTIONS_HELP = `  --seed <n>           simulator seed [42]
  --speed <x>          simulated seconds per second [1]
  --scenario <s>       heatwave|stuck-sensor|station-offline|burst|pm-episode|ozone-episode|dust-event|sensor-drift
                       [:target[:startAfterSec[:durationSec]]]
                       (target: a station, or a district for heatwave; starts after 30 s, lasts 300 s);
                       repeat for several [none]
  --no-outliers        no injected outliers [0.1 % of readings are outliers]`;
