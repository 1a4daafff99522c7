# fish completion for readycheck
set -l formats text markdown json sarif junit github codequality html badge
complete -c readycheck -n __fish_use_subcommand -a 'check audit list-rules explain validate test-rules init model help version'
complete -c readycheck -s f -l format -x -a "$formats" -d 'stdout format'
complete -c readycheck -l report -r -d 'also write FORMAT=FILE'
complete -c readycheck -l baseline -r -F -d 'earlier JSON report'
complete -c readycheck -l fail-on -x -a 'block warn new' -d 'what fails the run'
complete -c readycheck -l min-score -x -d 'minimum score'
complete -c readycheck -l color -x -a 'auto always never'
complete -c readycheck -l no-color
complete -c readycheck -l config -r -F -d 'configuration file'
complete -c readycheck -l no-config -d 'ignore the configuration'
complete -c readycheck -s r -l rules -r -F -d 'rule file or directory'
complete -c readycheck -l pack -x -d 'built-in packs'
complete -c readycheck -l no-builtin
complete -c readycheck -l only -x -d 'run only these rules'
complete -c readycheck -l skip -x -d 'skip a rule'
complete -c readycheck -l var -x -d 'NAME=VALUE'
complete -c readycheck -l endpoint -x -d 'NAME=URL'
complete -c readycheck -l offline -d 'skip network probes'
complete -c readycheck -s j -l jobs -x
complete -c readycheck -l timeout -x
complete -c readycheck -l require-fixtures
complete -c readycheck -s q -l quiet
complete -c readycheck -s v -l verbose
complete -c readycheck -s h -l help
complete -c readycheck -s V -l version
