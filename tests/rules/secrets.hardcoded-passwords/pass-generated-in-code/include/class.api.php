<?php
class API {
    static function add($vars) {
        $sql = 'INSERT INTO '.API_KEY_TABLE.' SET created=NOW() '
            .',apikey='.db_input(strtoupper(md5(time().$vars['ipaddr'].md5(Misc::randCode(16)))));
        return db_query($sql);
    }
}
