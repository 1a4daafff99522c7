<?php
class TwoFactor
{
    public function registerEvents()
    {
        return array(
            'Template.userSecurity.afterPassword' => 'render2FaUserSettings',
            'Login.resetPassword.end' => 'onPassword2Reset',
        );
    }
}
